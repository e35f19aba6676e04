package dev.jgpt.code.tasks;

import dev.jgpt.data.synth.CorpusGenerator;
import dev.jgpt.data.synth.Document;

import java.util.Map;
import java.util.Random;

/**
 * Corpus generator {@value #NAME}: training-split tasks as prompt + canonical completion, so a
 * model pretrained on a mix with code learns to finish the held-out prompts. Truth keys:
 * {@code task_id}, {@code key}, {@code template}, {@code prompt}, {@code completion}.
 */
public final class CodeCorpusGenerator implements CorpusGenerator {
    public static final String NAME = "code";

    @Override public String name() { return NAME; }

    @Override public Document generate(Random rng) {
        CodeTasks.Task t = CodeTasks.draw(rng, CodeTasks.Split.TRAIN, "JGPT/train");
        return new Document(NAME, t.text(), Map.of("task_id", t.problem().taskId(), "key", t.key(),
                "template", t.template(), "prompt", t.problem().prompt(), "completion", t.problem().canonicalSolution()));
    }
}
