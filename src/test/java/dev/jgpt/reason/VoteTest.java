package dev.jgpt.reason;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class VoteTest {
    @Test
    void majorityWinsAndShareCountsUnansweredPaths() {
        Vote v = Vote.of(Arrays.asList("7", "8", "7", null, "7"));
        assertEquals("7", v.answer());
        assertEquals(3, v.votes());
        assertEquals(5, v.paths());
        assertEquals(4, v.answered());
        assertEquals(0.6, v.share(), 1e-12);
        assertFalse(v.isTie());
        assertEquals(List.of("7"), v.tied());
        assertTrue(v.consensus(0.6));
        assertFalse(v.consensus(0.61));
        assertEquals(List.of("7", "8"), List.copyOf(v.counts().keySet()), "counts keep first-appearance order");
    }

    @Test
    void tieGoesToTheFirstAppearingAnswerAndIsReported() {
        Vote v = Vote.of(List.of("8", "7", "7", "8", "9"));
        assertTrue(v.isTie());
        assertEquals("8", v.answer(), "8 appeared first");
        assertEquals(List.of("8", "7"), v.tied());
        assertEquals(2, v.votes());
        assertFalse(v.consensus(0.0), "a tie is never a consensus");
    }

    @Test
    void allPathsWithoutAnAnswer() {
        Vote v = Vote.of(Arrays.asList(null, null, null));
        assertFalse(v.hasAnswer());
        assertNull(v.answer());
        assertEquals(0, v.votes());
        assertEquals(0, v.answered());
        assertEquals(3, v.paths());
        assertEquals(0.0, v.share());
        assertTrue(v.tied().isEmpty());
        assertFalse(v.isTie());
        assertFalse(v.consensus(0.0));
    }

    @Test
    void singlePathIsItsOwnMajority() {
        Vote v = Vote.of(List.of("42"));
        assertEquals("42", v.answer());
        assertEquals(1.0, v.share());
        assertTrue(v.consensus(1.0));
        Vote none = Vote.of(Arrays.asList((String) null));
        assertFalse(none.hasAnswer());
    }

    @Test
    void noPathsAtAll() {
        Vote v = Vote.of(List.of());
        assertFalse(v.hasAnswer());
        assertEquals(0.0, v.share());
    }
}
