package dev.jgpt.reason;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.*;

class AnswersTest {
    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', value = {
            "Mia has 3+4 = <<3+4=7>>7 apples.\\n#### 7                  | 7     | HASHES",
            "#### 1,234                                                | 1234  | HASHES",
            "#### -15                                                  | -15   | HASHES",
            "#### $42.50 dollars in the end.                           | 42.5  | HASHES",
            "#### 42 apples, then 7 more                                | 42    | HASHES",
            "#### 8\\n\\nQuestion: ... #### 99                          | 8     | HASHES",
            "#### no number here\\n#### 12                              | 12    | HASHES",
            "#### 5.00                                                 | 5     | HASHES",
            "#### -0                                                   | 0     | HASHES",
            "So the answer is 1,000,000.                                | 1000000 | THE_ANSWER_IS",
            "The answer is: -3 because 4 - 7 = -3                       | -3    | THE_ANSWER_IS",
            "THE ANSWER IS 12. Then 99.                                 | 12    | THE_ANSWER_IS",
            "He has 12-5 = 7 left, and gives 2 away, 5 remain.          | 5     | LAST_NUMBER",
            "She spent 12-5                                             | 5     | LAST_NUMBER",
            "It costs $1,250 in total.                                  | 1250  | LAST_NUMBER",
            "Temperatures fell to -4 overnight                          | -4    | LAST_NUMBER",
            "Numbers 3, 4 and 1,5                                       | 5     | LAST_NUMBER",
            "Version v2 of the plan, 7.                                 | 7     | LAST_NUMBER",
    })
    void extractsTheFinalAnswer(String text, String expected, Answers.Source source) {
        Answers.Extracted e = Answers.extract(text.replace("\\n", "\n"));
        assertEquals(expected, e.value());
        assertEquals(source, e.source());
        assertTrue(e.answered());
    }

    @Test
    void noNumberMeansNoAnswer() {
        for (String s : new String[]{"", "I do not know.", "####", "#### none", "The answer is unclear."}) {
            Answers.Extracted e = Answers.extract(s);
            assertFalse(e.answered(), s);
            assertNull(e.value(), s);
            assertEquals(Answers.Source.NONE, e.source(), s);
        }
        assertSame(Answers.NO_ANSWER, Answers.extract(null));
    }

    @Test
    void digitsInsideWordsAreNotNumbers() {
        assertFalse(Answers.extract("Ask bot2x now").answered());
        assertEquals("3", Answers.extract("Ask bot2x now, 3").value());
    }

    @Test
    void canonicalFormsCompareEqual() {
        assertEquals("1000", Answers.canonical("1,000"));
        assertEquals("1000", Answers.canonical("1000.00"));
        assertEquals("1000", Answers.canonical("$1000"));
        assertEquals("0.5", Answers.canonical("0.50"));
        assertEquals("-7", Answers.canonical("-7"));
        assertEquals("12", Answers.canonical("12."));
        assertNull(Answers.canonical("twelve"));
        assertNull(Answers.canonical(null));
    }
}
