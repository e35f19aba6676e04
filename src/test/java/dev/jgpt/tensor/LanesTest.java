package dev.jgpt.tensor;

import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class LanesTest {
    private static final int PREFERRED = FloatVector.SPECIES_PREFERRED.vectorBitSize();

    @Test
    void unsetMeansTheCpusPreferredWidth() {
        assertEquals(PREFERRED, Lanes.species(null).vectorBitSize());
        assertEquals(PREFERRED, Lanes.species(" ").vectorBitSize());
        assertEquals(PREFERRED, Lanes.bits(), "this JVM was started without the property");
    }

    @Test
    void aWidthUpToTheCpusIsTaken() {
        assertEquals(128, Lanes.species("128").vectorBitSize());
        assertEquals(float.class, Lanes.species("128").elementType());
        assumeTrue(PREFERRED >= 256, "a CPU with 256-bit vectors");
        assertEquals(8, Lanes.species(" 256 ").length());
    }

    @Test
    void otherValuesAreErrorsThatNameTheProperty() {
        for (String bad : new String[] {"wide", "64", "1024", "256bits", "-256"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Lanes.species(bad), bad);
            assertTrue(e.getMessage().startsWith("jgpt.vectorBits must be 128, 256 or 512, not '" + bad + "'"), e.getMessage());
        }
    }

    @Test
    void aWidthBeyondTheCpusIsRefused() {
        assumeTrue(PREFERRED < 512, "a CPU without 512-bit vectors");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Lanes.species("512"));
        assertEquals("jgpt.vectorBits=512 is wider than this CPU's vectors (" + PREFERRED + " bits)", e.getMessage());
    }
}
