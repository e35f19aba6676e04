package dev.jgpt.code;

import net.jqwik.api.*;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;

import static org.junit.jupiter.api.Assertions.*;

class PassAtKTest {
    /** 1 - C(n-c, k) / C(n, k), exactly. */
    static double exact(int n, int c, int k) {
        BigInteger num = binomial(n - c, k), den = binomial(n, k);
        return BigDecimal.ONE.subtract(new BigDecimal(num).divide(new BigDecimal(den), MathContext.DECIMAL128)).doubleValue();
    }

    static BigInteger binomial(int n, int k) {
        if (k < 0 || k > n) return BigInteger.ZERO;
        BigInteger r = BigInteger.ONE;
        for (int i = 0; i < k; i++) r = r.multiply(BigInteger.valueOf(n - i)).divide(BigInteger.valueOf(i + 1));
        return r;
    }

    @Test void allPassIsOne() {
        assertEquals(1.0, PassAtK.estimate(10, 10, 1));
        assertEquals(1.0, PassAtK.estimate(10, 10, 10));
    }

    @Test void nonePassIsZero() {
        assertEquals(0.0, PassAtK.estimate(10, 0, 1));
        assertEquals(0.0, PassAtK.estimate(10, 0, 10));
    }

    @Test void kEqualsNIsOneIfAnyPasses() {
        assertEquals(1.0, PassAtK.estimate(5, 1, 5));
        assertEquals(0.0, PassAtK.estimate(5, 0, 5));
    }

    @Test void passAtOneIsTheFractionPassing() {
        assertEquals(3.0 / 10, PassAtK.estimate(10, 3, 1), 1e-15);
        assertEquals(7.0 / 200, PassAtK.estimate(200, 7, 1), 1e-15);
    }

    @Test void midCaseMatchesExactCombinatorics() {
        // n=200, c=13, k=10: 1 - C(187,10)/C(200,10)
        assertEquals(exact(200, 13, 10), PassAtK.estimate(200, 13, 10), 1e-12);
        // by hand: n=4, c=2, k=2 -> 1 - C(2,2)/C(4,2) = 1 - 1/6
        assertEquals(5.0 / 6, PassAtK.estimate(4, 2, 2), 1e-15);
    }

    @Test void stableWhereBinomialsOverflow() {
        double v = PassAtK.estimate(2000, 1, 100);
        assertEquals(100.0 / 2000, v, 1e-12);
        assertEquals(exact(2000, 37, 100), PassAtK.estimate(2000, 37, 100), 1e-12);
    }

    @Test void rejectsKAboveN() {
        assertThrows(IllegalArgumentException.class, () -> PassAtK.estimate(5, 2, 6));
        assertThrows(IllegalArgumentException.class, () -> PassAtK.estimate(5, 6, 1));
        assertThrows(IllegalArgumentException.class, () -> PassAtK.estimate(5, 2, 0));
    }

    @Test void meanAveragesProblems() {
        assertEquals((1.0 + 0.0 + 0.5) / 3, PassAtK.mean(new int[] {2, 2, 2}, new int[] {2, 0, 1}, 1), 1e-15);
    }

    @Property(tries = 300)
    void matchesExactFormula(@ForAll("ncks") int[] nck) {
        assertEquals(exact(nck[0], nck[1], nck[2]), PassAtK.estimate(nck[0], nck[1], nck[2]), 1e-12);
    }

    @Property(tries = 200)
    void monotoneInK(@ForAll("ncks") int[] nck) {
        int n = nck[0], c = nck[1], k = nck[2];
        if (k < n) assertTrue(PassAtK.estimate(n, c, k) <= PassAtK.estimate(n, c, k + 1) + 1e-15);
    }

    @Provide Arbitrary<int[]> ncks() {
        return Arbitraries.integers().between(1, 300).flatMap(n ->
                Combinators.combine(Arbitraries.integers().between(0, n), Arbitraries.integers().between(1, n))
                        .as((c, k) -> new int[] {n, c, k}));
    }
}
