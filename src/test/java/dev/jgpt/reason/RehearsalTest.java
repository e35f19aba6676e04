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

    static final Rehearsal.Replay USUAL = new Rehearsal.Replay(1337, CorpusMix.of(ReasoningCorpusGenerator.NAME, 1));

    private static List<String> docs(String text) {
        return Arrays.stream(text.split(Pattern.quote(Corpus.END_OF_TEXT))).filter(d -> !d.isBlank()).toList();
    }

    @Test
    void keepsEveryHarvestedDocumentAndReplaysTheRequestedShare() {
        String mixed = Rehearsal.mix(HARVEST, 0.5, USUAL);
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
        String mixed = Rehearsal.mix(HARVEST, 0.5, USUAL), control = Rehearsal.control(HARVEST, 0.5, USUAL);
        assertTrue(docs(control).stream().noneMatch(d -> d.startsWith("Question: a?") || d.startsWith("Question: b?")));
        long longest = docs(control).stream().mapToLong(String::length).max().orElseThrow();
        assertTrue(Math.abs(control.length() - mixed.length()) < 2 * longest, control.length() + " vs " + mixed.length());
        assertEquals(control, Rehearsal.control(HARVEST, 0.5, USUAL));
    }

    @Test
    void sameSeedSameTextAndTheOrderIsShuffled() {
        String a = Rehearsal.mix(HARVEST, 0.3, new Rehearsal.Replay(5, USUAL.mix()));
        assertEquals(a, Rehearsal.mix(HARVEST, 0.3, new Rehearsal.Replay(5, USUAL.mix())));
        List<String> head = docs(a).subList(0, 20);
        assertTrue(head.stream().anyMatch(d -> d.startsWith("Question: a?")), "no harvested document among the first 20");
        assertTrue(head.stream().anyMatch(d -> !d.startsWith("Question: a?") && !d.startsWith("Question: b?")),
                "no replayed document among the first 20");
    }

    @Test
    void shareMustLeaveRoomForTheHarvest() {
        assertThrows(UserException.class, () -> new LmsiRound.FineTune(0, 1, 3e-4f, 12, 1.0, USUAL, false));
        assertThrows(UserException.class, () -> new LmsiRound.FineTune(0, 1, 3e-4f, 12, -0.1, USUAL, false));
        assertTrue(new LmsiRound.FineTune(0, 1, 3e-4f, 12, 0, USUAL, false).asControl().control());
    }

    @Test
    void replaysThePretrainingMixItIsGiven() {
        // A model pretrained on the three-style corpus rehearses that corpus, not the usual one.
        CorpusMix styles = CorpusMix.of(ReasoningCorpusGenerator.THREE_STYLES_NAME, 1);
        List<String> control = docs(Rehearsal.control(HARVEST, 0.5, new Rehearsal.Replay(1337, styles)));
        Iterator<dev.jgpt.data.synth.Document> stream = Corpus.documents(1337, styles);
        List<String> first = new ArrayList<>();
        for (int i = 0; i < control.size(); i++) first.add(stream.next().text().strip());
        assertEquals(first.stream().sorted().toList(), control.stream().map(String::strip).sorted().toList());
        assertNotEquals(Rehearsal.control(HARVEST, 0.5, USUAL), Rehearsal.control(HARVEST, 0.5, new Rehearsal.Replay(1337, styles)));
        // The commands' default --mix spells the usual replay, so the table's rounds replay what they always did.
        assertEquals(USUAL, new Rehearsal.Replay(1337, CorpusMix.parse("reasoning=1")));
        UserException e = assertThrows(UserException.class, () -> new Rehearsal.Replay(1337, CorpusMix.parse("reasonng=1")));
        assertTrue(e.getMessage().contains("unknown corpus generator 'reasonng'"), e.getMessage());
    }
}
