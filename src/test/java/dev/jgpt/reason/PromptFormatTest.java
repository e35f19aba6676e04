package dev.jgpt.reason;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class PromptFormatTest {
    static final MathProblem EX = new MathProblem("e", "Mia has 2 apples. She buys 3 more. How many apples does she have?",
            "After buying 3 more, she has 2+3 = <<2+3=5>>5 apples.\n#### 5", "5");

    @Test
    void fewShotFormatsPutExemplarsFirst() {
        assertEquals("Question: " + EX.question() + "\nAnswer: After buying 3 more, she has 2+3 = <<2+3=5>>5 apples.\n#### 5\n\n"
                + "Question: Q?\nAnswer:", PromptFormat.COT.prompt("Q?", List.of(EX)));
        assertEquals("Question: " + EX.question() + "\nAnswer: #### 5\n\nQuestion: Q?\nAnswer:", PromptFormat.DIRECT.prompt("Q?", List.of(EX)));
    }

    @Test
    void zeroShotAndPlainIgnoreExemplars() {
        assertEquals("Question: Q?\nAnswer: Let's think step by step.\n", PromptFormat.ZERO_SHOT.prompt("Q?", List.of(EX)));
        assertEquals("Question: Q?\nAnswer:", PromptFormat.PLAIN.prompt(" Q? ", List.of(EX)));
    }

    @Test
    void completionsMatchWhatExtractionReads() {
        for (PromptFormat f : PromptFormat.values()) {
            String c = f.completion(EX.steps(), "5");
            assertEquals("5", Answers.extract(c).value(), f.label());
            assertEquals(Answers.Source.HASHES, Answers.extract(c).source());
            for (String stop : PromptFormat.STOPS) assertFalse(c.contains(stop), f + " completion contains a stop string");
        }
        assertEquals(" #### 5", PromptFormat.DIRECT.completion(EX.steps(), "5"));
        assertEquals(" #### 5", PromptFormat.PLAIN.completion(null, "5"));
        assertTrue(PromptFormat.ZERO_SHOT.completion(EX.steps(), "5").startsWith("After"));
    }

    @Test
    void parsesLabelsAndNames() {
        assertEquals(PromptFormat.ZERO_SHOT, PromptFormat.parse("zero-shot"));
        assertEquals(PromptFormat.COT, PromptFormat.parse("COT"));
        assertThrows(dev.jgpt.util.UserException.class, () -> PromptFormat.parse("fancy"));
    }

    @Test
    void unlabeledExemplarIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> PromptFormat.COT.prompt("Q?", List.of(EX.unlabeled())));
    }
}
