package dev.jgpt.generate;

import dev.jgpt.model.Gpt;
import dev.jgpt.tokenizer.StreamingDecoder;
import dev.jgpt.tokenizer.Tokenizer;
import dev.jgpt.util.UserException;

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
            int ctx = generator.config().blockSize();
            if (t.length > ctx)
                throw new UserException("prompt is " + t.length + " tokens, longer than the model's context of " + ctx + " tokens");
            ids.add(t);
        }
        int n = prompts.size();
        StreamingDecoder[] dec = new StreamingDecoder[n];
        StringBuilder[] text = new StringBuilder[n];
        int[] emitted = new int[n];
        for (int i = 0; i < n; i++) { dec[i] = new StreamingDecoder(tokenizer); text[i] = new StringBuilder(); }
        List<String> stopList = stops == null ? List.of() : stops;
        int longestStop = stopList.stream().mapToInt(String::length).max().orElse(0);
        boolean[] stopped = new boolean[n];
        Generator.Listener listener = (s, tok) -> {
            text[s].append(dec[s].push(tok));
            int cut = firstStop(text[s], stopList);
            if (cut >= 0) {
                text[s].setLength(cut);
                stopped[s] = true;
            }
            if (stream != null) {
                // Hold back a tail that could still grow into a stop string.
                int safe = stopped[s] ? text[s].length() : Math.max(emitted[s], text[s].length() - Math.max(0, longestStop - 1));
                if (safe > emitted[s]) { stream.accept(s, text[s].substring(emitted[s], safe)); emitted[s] = safe; }
            }
        };
        Generator.Injector injector = tool == null ? null : (s, toks) -> {
            String forced = tool.respond(text[s]);
            return forced == null || forced.isEmpty() ? null : tokenizer.encodeOrdinary(forced);
        };
        List<Generator.Result> res = generator.generate(ids, sc, tokenizer.eotId(), (s, toks) -> stopped[s], listener, injector);
        List<Completion> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (!stopped[i]) {
                text[i].append(dec[i].flush());
                int cut = firstStop(text[i], stopList);
                if (cut >= 0) text[i].setLength(cut);
            }
            if (stream != null && text[i].length() > emitted[i]) stream.accept(i, text[i].substring(emitted[i]));
            out.add(new Completion(text[i].toString(), ids.get(i).length, res.get(i).tokens().length, res.get(i).finish()));
        }
        return out;
    }

    private static int firstStop(CharSequence text, List<String> stops) {
        int best = -1;
        String s = text.toString();
        for (String stop : stops) {
            if (stop.isEmpty()) continue;
            int i = s.indexOf(stop);
            if (i >= 0 && (best < 0 || i < best)) best = i;
        }
        return best;
    }
}
