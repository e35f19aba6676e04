package dev.jgpt.data;

/** How token ids are stored on disk: two bytes when every id fits, else four. */
public enum Dtype {
    UINT16(2), INT32(4);

    public final int bytes;

    Dtype(int bytes) { this.bytes = bytes; }

    public static Dtype forVocab(int vocabSize) {
        return vocabSize <= 65536 ? UINT16 : INT32;
    }

    /** "uint16" / "int32", as numpy spells them. */
    public String label() { return name().toLowerCase(java.util.Locale.ROOT); }

    public static Dtype ofBytes(int bytes) {
        for (Dtype d : values()) if (d.bytes == bytes) return d;
        return null;
    }
}
