package dev.jgpt.reason;

import dev.jgpt.data.synth.Corpus;
import dev.jgpt.data.synth.CorpusMix;
import dev.jgpt.util.UserException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

class RehearsalTest {
    static final String HARVEST = ("Question: a?\nAnswer: It is 7.\n#### 7" + Corpus.END_OF_TEXT).repeat(40)
            + "Question: b?\nAnswer: It is 8.\n#### 8" + Corpus.END_OF_TEXT;

    private static List<String> docs(String text) {
        return Arrays.stream(text.split(Pattern.quote(Corpus.END_OF_TEXT))).filter(d -> !d.isBlank()).toList();
    }

    @Test
    void keepsEveryHarvestedDocumentAndReplaysTheRequestedShare() {
        String mixed = Rehearsal.mix(HARVEST, 0.5, 1337);
        List<String> all = docs(mixed), harvest = docs(HARVEST);
        List<String> rest = new ArrayList<>(all);
        for (String d : harvest) assertTrue(rest.remove(d), "harvested document lost: " + d);
        // What is left is the pretraining stream's first documents, in some order.
        Iterator<dev.jgpt.data.synth.Document> stream = Corpus.documents(1337, CorpusMix.of(ReasoningCorpusGenerator.NAME, 1));
        List<String> first = new ArrayList<>();
        for (int i = 0; i < rest.size(); i++) first.add(stream.next().text().strip());
        assertEquals(first.stream().sorted().toList(), rest.stream().map(String::strip).sorted().toList());
        long harvestChars = harvest.stream().mapToLong(String::length).sum();
        long replayChars = rest.stream().mapToLong(String::length).sum();
        long longest = rest.stream().mapToLong(String::length).max().orElseThrow();
        assertTrue(replayChars >= harvestChars && replayChars < harvestChars + longest, replayChars + " vs " + harvestChars);
        assertTrue(mixed.endsWith(Corpus.END_OF_TEXT));
    }

    @Test
    void theControlReplaysAsMuchTextAndNoneOfTheHarvest() {
        String mixed = Rehearsal.mix(HARVEST, 0.5, 1337), control = Rehearsal.control(HARVEST, 0.5, 1337);
        assertTrue(docs(control).stream().noneMatch(d -> d.startsWith("Question: a?") || d.startsWith("Question: b?")));
        long longest = docs(control).stream().mapToLong(String::length).max().orElseThrow();
        assertTrue(Math.abs(control.length() - mixed.length()) < 2 * longest, control.length() + " vs " + mixed.length());
        assertEquals(control, Rehearsal.control(HARVEST, 0.5, 1337));
    }

    @Test
    void sameSeedSameTextAndTheOrderIsShuffled() {
        String a = Rehearsal.mix(HARVEST, 0.3, 5);
        assertEquals(a, Rehearsal.mix(HARVEST, 0.3, 5));
        List<String> head = docs(a).subList(0, 20);
        assertTrue(head.stream().anyMatch(d -> d.startsWith("Question: a?")), "no harvested document among the first 20");
        assertTrue(head.stream().anyMatch(d -> !d.startsWith("Question: a?") && !d.startsWith("Question: b?")),
                "no replayed document among the first 20");
    }

    @Test
    void shareMustLeaveRoomForTheHarvest() {
        assertThrows(UserException.class, () -> new LmsiRound.FineTune(0, 1, 3e-4f, 12, 1.0, 1, false));
        assertThrows(UserException.class, () -> new LmsiRound.FineTune(0, 1, 3e-4f, 12, -0.1, 1, false));
        assertTrue(new LmsiRound.FineTune(0, 1, 3e-4f, 12, 0, 1, false).asControl().control());
    }
}
