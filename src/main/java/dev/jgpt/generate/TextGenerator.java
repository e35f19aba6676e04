package dev.jgpt.generate;

import dev.jgpt.model.Gpt;
import dev.jgpt.model.ModelDir;
import dev.jgpt.tokenizer.Tokenizer;
import dev.jgpt.util.UserException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Text in, text out: tokenises prompts, runs the batched {@link Generator}, cuts each
 * continuation at the first stop string, and streams decoded text as it is produced.
 * This is the API later stages call (self-consistency, PPO rollouts, pass@k, the server).
 */
public final class TextGenerator {
    /**
     * A tool that may continue a sequence's text (e.g. a calculator filling in a result):
     * given the text generated so far, the text to force next, or null.
     */
    @FunctionalInterface
    public interface Tool { String respond(CharSequence generated); }

    public record Completion(String text, int promptTokens, int completionTokens, Generator.Finish finish) {}

    private final Generator generator;
    private final Tokenizer tokenizer;

    public TextGenerator(Gpt model, Tokenizer tokenizer) {
        this.generator = new Generator(model);
        this.tokenizer = tokenizer;
    }

    /** A generator for the model in {@code dir} (a model directory or a run folder), with its tokenizer. */
    public static TextGenerator open(Path dir) throws IOException {
        ModelDir.Loaded loaded = ModelDir.load(dir);
        return new TextGenerator(loaded.model(), loaded.tokenizer());
    }

    public Tokenizer tokenizer() { return tokenizer; }

    /**
     * Continues each prompt. An empty prompt starts from the end-of-text token. Stop strings
     * end a sequence and are not included in its text. {@code stream}, when given, receives
     * (sequence index, new text) as tokens arrive; text that might become a stop string is
     * held back until it cannot.
     */
    public List<Completion> complete(List<String> prompts, SamplingConfig sc, List<String> stops, BiConsumer<Integer, String> stream) {
        return complete(prompts, sc, stops, stream, null);
    }

    /** As above; {@code tool}, when given, is asked after every token and its text is fed to the model as if generated. */
    public List<Completion> complete(List<String> prompts, SamplingConfig sc, List<String> stops, BiConsumer<Integer, String> stream,
                                     Tool tool) {
        List<int[]> ids = new ArrayList<>();
        for (String p : prompts) {
            int[] t = tokenizer.encode(p);
            if (t.length == 0) {
                if (tokenizer.eotId() < 0) throw new UserException("empty prompt and the tokenizer has no end-of-text token to start from");
                t = new int[]{tokenizer.eotId()};
            }
            ids.add(t);
        }
        return completeTokens(ids, sc, Stops.of(stops, tokenizer.eotId()), stream, tool);
    }

    /** As {@link #complete}, for prompts already tokenised (e.g. by a chat template) and any {@link Stops}. */
    public List<Completion> completeTokens(List<int[]> prompts, SamplingConfig sc, Stops stops, BiConsumer<Integer, String> stream) {
        return completeTokens(prompts, sc, stops, stream, null);
    }

    /** As above, with an optional {@link Tool}. */
    public List<Completion> completeTokens(List<int[]> prompts, SamplingConfig sc, Stops stops, BiConsumer<Integer, String> stream,
                                           Tool tool) {
        int ctx = generator.config().blockSize();
        for (int[] t : prompts)
            if (t.length > ctx)
                throw new UserException("prompt is " + t.length + " tokens, longer than the model's context of " + ctx + " tokens");
        int n = prompts.size();
        TextStream[] text = new TextStream[n];
        for (int i = 0; i < n; i++) text[i] = new TextStream(tokenizer, stops);
        Generator.Listener listener = (s, tok) -> {
            String piece = text[s].push(tok);
            if (stream != null && !piece.isEmpty()) stream.accept(s, piece);
        };
        DecodeBatch batch = new DecodeBatch(generator);
        List<Sequence> seqs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Sequence s = batch.add(prompts.get(i), sc, i, i, stops.tokenIds(), (q, toks) -> text[q].stopped(), listener);
            if (tool != null) s.injector = (q, toks) -> {
                String forced = tool.respond(text[q].text());
                return forced == null || forced.isEmpty() ? null : tokenizer.encodeOrdinary(forced);
            };
            seqs.add(s);
        }
        while (batch.size() > 0) batch.step();
        List<Completion> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String rest = text[i].finish();
            if (stream != null && !rest.isEmpty()) stream.accept(i, rest);
            Sequence s = seqs.get(i);
            out.add(new Completion(text[i].text(), s.promptLength(), s.generatedCount(), s.finish()));
        }
        return out;
    }
}
