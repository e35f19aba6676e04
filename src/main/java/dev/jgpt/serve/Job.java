package dev.jgpt.serve;

import dev.jgpt.generate.Generator;
import dev.jgpt.generate.SamplingConfig;
import dev.jgpt.generate.Sequence;
import dev.jgpt.generate.Stops;
import dev.jgpt.generate.TextStream;
import dev.jgpt.tokenizer.Tokenizer;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * One API request's work for the {@link Batcher}: each prompt continued {@code n} times
 * (choice k continues prompt k / n and samples from random stream k % n, as a local
 * {@code TextGenerator} call would). The decode thread turns tokens into text and pushes
 * {@link Event}s; the request's HTTP thread takes them, so a slow client never holds up decoding.
 */
final class Job {
    sealed interface Event permits Text, Done, Failed {}

    record Text(int choice, String text) implements Event {}

    record Done(int choice, Generator.Finish finish, int completionTokens) implements Event {}

    record Failed(ApiError error) implements Event {}

    final List<int[]> prompts;
    final int n;
    final SamplingConfig sampling;
    final Stops stops;
    private final TextStream[] texts;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private volatile boolean cancelled;

    Job(List<int[]> prompts, int n, SamplingConfig sampling, Stops stops, Tokenizer tokenizer) {
        this.prompts = List.copyOf(prompts);
        this.n = n;
        this.sampling = sampling;
        this.stops = stops;
        texts = new TextStream[choices()];
        for (int i = 0; i < texts.length; i++) texts[i] = new TextStream(tokenizer, stops);
    }

    int choices() { return prompts.size() * n; }

    int[] prompt(int choice) { return prompts.get(choice / n); }

    long stream(int choice) { return choice % n; }

    int promptTokens() { return prompts.stream().mapToInt(p -> p.length).sum(); }

    /** The client went away (or the job failed): its sequences end at their next token. */
    void cancel() { cancelled = true; }

    boolean cancelled() { return cancelled; }

    // ---- called on the decode thread

    void onToken(int choice, int token) {
        String piece = texts[choice].push(token);
        if (!piece.isEmpty()) events.add(new Text(choice, piece));
    }

    boolean shouldStop(int choice) { return cancelled || texts[choice].stopped(); }

    void finished(Sequence s) {
        int c = s.tag();
        String rest = texts[c].finish();
        if (!rest.isEmpty()) events.add(new Text(c, rest));
        events.add(new Done(c, s.finish(), s.generatedCount()));
    }

    void fail(ApiError e) {
        cancelled = true;
        events.add(new Failed(e));
    }

    // ---- called on the request's thread

    Event next() throws InterruptedException { return events.take(); }

    /** Waits for every choice; returns their texts and finish events, or throws the failure. */
    Collected collect() throws InterruptedException {
        StringBuilder[] text = new StringBuilder[choices()];
        Done[] done = new Done[choices()];
        for (int i = 0; i < text.length; i++) text[i] = new StringBuilder();
        int remaining = choices();
        while (remaining > 0) {
            Event e = next();
            if (e instanceof Text t) text[t.choice()].append(t.text());
            else if (e instanceof Done d) { done[d.choice()] = d; remaining--; }
            else if (e instanceof Failed f) throw f.error();
        }
        String[] texts = new String[text.length];
        for (int i = 0; i < texts.length; i++) texts[i] = text[i].toString();
        return new Collected(texts, done);
    }

    record Collected(String[] texts, Done[] done) {
        int completionTokens() {
            int n = 0;
            for (Done d : done) n += d.completionTokens();
            return n;
        }
    }
}
