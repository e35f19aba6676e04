package dev.jgpt.model.io;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Cross-checks the format against an implementation that is not ours. With the
 * {@code safetensors} Python package (plus numpy) installed, its loader and saver are used;
 * otherwise a stdlib-only Python reading of the spec (struct/json), which at least catches
 * byte-order and offset mistakes shared by our reader and writer. Skipped without python3.
 */
class PythonCompatibilityTest {
    @TempDir Path tmp;

    private static String python(String script, Path... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("python3", "-c", script);
        for (Path a : args) pb.command().add(a.toString());
        pb.redirectErrorStream(true);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            Assumptions.abort("python3 not available: " + e.getMessage());
            return null;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out.strip();
    }

    private static boolean hasSafetensorsPackage() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import safetensors.numpy").start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    private static final String STDLIB_READER = String.join("\n",
            "import json, struct, sys",
            "data = open(sys.argv[1], 'rb').read()",
            "n, = struct.unpack('<Q', data[:8])",
            "assert (8 + n) % 8 == 0",
            "h = json.loads(data[8:8 + n].decode('utf-8'))",
            "meta = h.pop('__metadata__', {})",
            "base = 8 + n",
            "out = {'__metadata__': meta}",
            "for name, t in sorted(h.items()):",
            "    assert t['dtype'] == 'F32'",
            "    b, e = t['data_offsets']",
            "    vals = struct.unpack('<%df' % ((e - b) // 4), data[base + b:base + e])",
            "    out[name] = {'shape': t['shape'], 'values': [repr(v) for v in vals]}",
            "print(json.dumps(out, sort_keys=True))");

    private static final String ST_READER = String.join("\n",
            "import json, sys",
            "from safetensors import safe_open",
            "out = {}",
            "with safe_open(sys.argv[1], framework='numpy') as f:",
            "    out['__metadata__'] = f.metadata()",
            "    for k in sorted(f.keys()):",
            "        a = f.get_tensor(k)",
            "        out[k] = {'shape': list(a.shape), 'values': [repr(float(v)) for v in a.reshape(-1)]}",
            "print(json.dumps(out, sort_keys=True))");

    @Test void pythonReadsOurFiles() throws Exception {
        Map<String, TensorData> t = new LinkedHashMap<>();
        t.put("wte.weight", TensorData.of(new float[]{0.5f, -1.25f, 3f, 1e-3f, 7f, -0f}, 3, 2));
        t.put("scalar", TensorData.of(new float[]{2.5f}));
        t.put("h.0.ln_1.bias", TensorData.of(new float[]{1f, 2f, 3f}, 3));
        Path f = tmp.resolve("ours.safetensors");
        Safetensors.write(f, t, Map.of("step", "7"));
        String out = python(hasSafetensorsPackage() ? ST_READER : STDLIB_READER, f);
        String expected = "{\"__metadata__\": {\"format\": \"pt\", \"step\": \"7\"}, "
                + "\"h.0.ln_1.bias\": {\"shape\": [3], \"values\": [\"1.0\", \"2.0\", \"3.0\"]}, "
                + "\"scalar\": {\"shape\": [], \"values\": [\"2.5\"]}, "
                + "\"wte.weight\": {\"shape\": [3, 2], \"values\": [\"0.5\", \"-1.25\", \"3.0\", \"0.0010000000474974513\", \"7.0\", \"-0.0\"]}}";
        assertEquals(expected, out);
    }

    @Test void weReadPythonWrittenHalfPrecision() throws Exception {
        Path f = tmp.resolve("py.safetensors");
        if (hasSafetensorsPackage()) {
            python(String.join("\n",
                    "import sys, numpy as np",
                    "from safetensors.numpy import save_file",
                    "save_file({'a': np.array([[1, -2.5], [0.1, 65504]], dtype=np.float16),",
                    "           'b': np.array([3.5, -0.75, 1e-4], dtype=np.float32),",
                    "           'c': np.array([1.0/3], dtype=np.float64)}, sys.argv[1], metadata={'k': 'v'})"), f);
        } else {
            // struct's 'e' format is an independent IEEE half encoder.
            python(String.join("\n",
                    "import json, struct, sys",
                    "a = struct.pack('<4e', 1, -2.5, 0.1, 65504)",
                    "b = struct.pack('<3f', 3.5, -0.75, 1e-4)",
                    "c = struct.pack('<d', 1.0/3)",
                    "h = {'__metadata__': {'k': 'v'},",
                    "     'a': {'dtype': 'F16', 'shape': [2, 2], 'data_offsets': [0, 8]},",
                    "     'b': {'dtype': 'F32', 'shape': [3], 'data_offsets': [8, 20]},",
                    "     'c': {'dtype': 'F64', 'shape': [1], 'data_offsets': [20, 28]}}",
                    "hb = json.dumps(h).encode()",
                    "hb += b' ' * (-len(hb) % 8)",
                    "open(sys.argv[1], 'wb').write(struct.pack('<Q', len(hb)) + hb + a + b + c)"), f);
        }
        var c = Safetensors.read(f);
        assertArrayEquals(new float[]{1f, -2.5f, 0.0999755859375f, 65504f}, c.tensors().get("a").data()); // 0.1 rounds to half
        assertArrayEquals(new int[]{2, 2}, c.tensors().get("a").shape());
        assertArrayEquals(new float[]{3.5f, -0.75f, 1e-4f}, c.tensors().get("b").data());
        assertArrayEquals(new float[]{(float) (1.0 / 3)}, c.tensors().get("c").data());
        assertEquals("v", c.metadata().get("k"));
    }
}
