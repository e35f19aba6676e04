package dev.jgpt.reason;

import dev.jgpt.generate.SamplingConfig;
import dev.jgpt.generate.TextGenerator;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class CalculatorTest {
    @Test
    void answersAnOpenCalculatorNote() {
        Calculator c = Calculator.INSTANCE;
        assertEquals("48>>", c.respond("The books cost 6*8 = <<6*8="));
        assertEquals("24>>", c.respond("<<48/2="));
        assertEquals("2.5>>", c.respond("x <<5/2="));
        assertEquals("-7>>", c.respond("<<3-10="));
        assertEquals("46>>", c.respond("<<12+24+10="));
        assertEquals("14>>", c.respond("<<2+3*4="), "multiplication binds tighter");
        assertEquals("20>>", c.respond("<<(2+3)*4="));
        assertEquals("0.3333333333333333>>", c.respond("<<1/3="));
    }

    @Test
    void staysSilentOutsideANoteOrOnNonsense() {
        Calculator c = Calculator.INSTANCE;
        assertNull(c.respond("6*8 ="), "no note open");
        assertNull(c.respond("<<6*8=48>>48 and 3+4="), "the note is closed");
        assertNull(c.respond("<<6*8"), "not at '=' yet");
        assertNull(c.respond("<<apples="));
        assertNull(c.respond("<<4/0="), "division by zero");
        assertNull(c.respond("<<4++="));
        assertNull(c.respond("<<="));
        assertNull(c.respond(""));
        assertNull(Calculator.evaluate("2*(3+4"));
        assertEquals(new BigDecimal("12"), Calculator.evaluate("-3*-4"));
    }

    @Test
    void generatorFeedsTheResultAsIfTheModelHadWrittenIt() {
        TextGenerator gen = SelfConsistencyTest.generator();
        // Whatever the random model writes, a tool that always answers puts its text in the output.
        TextGenerator.Tool always = t -> t.length() == 3 ? "<<2*3=" : null;
        var out = gen.complete(List.of("Question: 1\nAnswer:"), SamplingConfig.greedy(12), List.of(), null, t -> {
            String a = always.respond(t);
            return a != null ? a : Calculator.INSTANCE.respond(t);
        });
        String text = out.get(0).text();
        assertEquals("<<2*3=6>>", text.substring(3, 12), text);
        assertEquals(12, out.get(0).completionTokens(), "forced tokens count as generated");
    }
}
