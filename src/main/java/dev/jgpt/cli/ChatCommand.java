package dev.jgpt.cli;

import dev.jgpt.chat.ChatTemplate;
import dev.jgpt.chat.Message;
import dev.jgpt.generate.SamplingConfig;
import dev.jgpt.generate.TextGenerator;
import dev.jgpt.model.ModelDir;
import dev.jgpt.util.UserException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "chat", mixinStandardHelpOptions = true,
        description = {"Chat with a model in the terminal: replies stream as they are generated, and the conversation is kept.",
                "Type /reset to start over, /exit (or end the input) to quit. The oldest turns are dropped when the",
                "conversation no longer fits the model's context."})
public final class ChatCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "Model directory (a jgpt run or checkpoint, or a Hugging Face GPT-2 folder).")
    Path model;
    @Option(names = "--system", description = "System message that starts the conversation.")
    String system;
    @Option(names = "--temperature", description = "Sampling temperature; 0 = greedy (default: ${DEFAULT-VALUE}).")
    float temperature = 0.7f;
    @Option(names = "--top-k", description = "Keep only the k most likely tokens; 0 = off (default: ${DEFAULT-VALUE}).")
    int topK = 40;
    @Option(names = "--top-p", description = "Nucleus sampling threshold; 1 = off (default: ${DEFAULT-VALUE}).")
    float topP = 1f;
    @Option(names = "--max-tokens", description = "Longest reply in tokens (default: ${DEFAULT-VALUE}).")
    int maxTokens = 256;
    @Option(names = "--seed", description = "Random seed; reply i uses seed + i (default: ${DEFAULT-VALUE}).")
    long seed = 1337;

    @Override
    public Integer call() throws Exception {
        ModelDir.Loaded loaded = ModelDir.load(model);
        TextGenerator gen = new TextGenerator(loaded.model(), loaded.tokenizer());
        ChatTemplate template = ChatTemplate.of(loaded.tokenizer());
        int context = loaded.model().config().blockSize();
        PrintStream out = System.out, err = System.err;
        err.printf("chatting with %s (context %d tokens, chat template: %s). /reset starts over, /exit quits.%n",
                loaded.dir(), context, template.name());
        List<Message> history = new ArrayList<>();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (int turn = 0; ; turn++) {
            out.print("> ");
            out.flush();
            String line = in.readLine();
            if (line == null || line.strip().equals("/exit")) break;
            if (line.isBlank()) { turn--; continue; }
            if (line.strip().equals("/reset")) {
                history.clear();
                err.println("(conversation cleared)");
                continue;
            }
            history.add(Message.user(line));
            ChatTemplate.Prompt prompt = fit(template, history, context, err);
            if (prompt == null) {
                history.remove(history.size() - 1);
                err.println("(that message alone is longer than the model's context of " + context + " tokens; try a shorter one)");
                continue;
            }
            SamplingConfig sc;
            try {
                sc = new SamplingConfig(maxTokens, temperature, topK, topP, seed + turn);
            } catch (IllegalArgumentException e) {
                throw new UserException(e.getMessage());
            }
            var reply = gen.completeTokens(List.of(prompt.ids()), sc, prompt.stops(), (i, piece) -> {
                out.print(piece);
                out.flush();
            }).get(0);
            out.println();
            if (reply.finish() == dev.jgpt.generate.Generator.Finish.LENGTH) err.println("(reply cut at --max-tokens " + maxTokens + ")");
            history.add(Message.assistant(reply.text()));
        }
        return 0;
    }

    /**
     * The prompt for the conversation, dropping the oldest turns (never the system message)
     * until it fits; null, with the history untouched, when even the last message alone does not.
     */
    private ChatTemplate.Prompt fit(ChatTemplate template, List<Message> history, int context, PrintStream err) {
        for (int drop = 0; drop < history.size(); drop++) {
            List<Message> all = new ArrayList<>();
            if (system != null) all.add(Message.system(system));
            all.addAll(history.subList(drop, history.size()));
            ChatTemplate.Prompt p = template.prompt(all);
            if (p.ids().length <= context) {
                if (drop > 0) {
                    history.subList(0, drop).clear();
                    err.println("(dropped the oldest turns to fit the context)");
                }
                return p;
            }
        }
        return null;
    }
}
