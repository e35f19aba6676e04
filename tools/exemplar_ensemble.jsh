// Self-consistency over several few-shot exemplar pairs: path j of a problem is prompted with
// pair j mod SETS (pair 0 is the standard pair of `reason eval`/`reason vote`), PER paths per
// pair at temperature TEMP, top-k 40, calculator on; 300 held-out problems. Prints, after each
// pair, that pair's greedy chain-of-thought accuracy, the vote over all paths so far, and the
// majority of the pairs' greedy answers.
//
//   mvn -q -B package -DskipTests
//   jshell --class-path "target/classes:$(ls target/lib/*.jar | tr '\n' ':')" \
//     -R--add-modules=jdk.incubator.vector -R-Dmodel=runs/reason/pretrain -R-Dsets=8 -R-Dper=4 \
//     tools/exemplar_ensemble.jsh
import dev.jgpt.reason.*;
import dev.jgpt.generate.TextGenerator;
import java.util.*;
var tasks = new ReasoningTasks(1337, ReasoningTasks.DIFFICULTY);
int SETS = Integer.getInteger("sets", 8), PER = Integer.getInteger("per", 4);
float TEMP = Float.parseFloat(System.getProperty("temp", "1.0"));
var pool = tasks.exemplars(2 * SETS);
var ps = tasks.heldOut(300);
var gen = TextGenerator.open(java.nio.file.Path.of(System.getProperty("model")));
List<List<String>> sampled = new ArrayList<>(), greedy = new ArrayList<>();
for (int i = 0; i < ps.size(); i++) { sampled.add(new ArrayList<>()); greedy.add(new ArrayList<>()); }
for (int s = 0; s < SETS; s++) {
  var pair = pool.subList(2 * s, 2 * s + 2);
  var g = Evaluation.greedy(gen, ps, PromptFormat.COT, pair, 128, 64, Calculator.INSTANCE, null);
  for (int i = 0; i < ps.size(); i++) greedy.get(i).add(g.scored().get(i).extracted().value());
  var st = new SelfConsistency.Settings(PER, List.of(TEMP), 40, 1f, 128, 1337L + s, 64);
  var v = Evaluation.vote(gen, ps, PromptFormat.COT, pair, st, Calculator.INSTANCE, null);
  for (int i = 0; i < ps.size(); i++) for (var p : v.outcomes().get(i).paths()) sampled.get(i).add(p.answer().value());
  int right = 0, voted = 0, greedyVoted = 0;
  for (int i = 0; i < ps.size(); i++) {
    String a = ps.get(i).answer();
    if (a.equals(greedy.get(i).get(s))) right++;
    if (a.equals(Vote.of(sampled.get(i)).answer())) voted++;
    if (a.equals(Vote.of(greedy.get(i)).answer())) greedyVoted++;
  }
  System.out.printf("pair %d: greedy %.1f%% | vote over %d paths %.1f%% | majority of %d greedy answers %.1f%%%n",
      s, 100.0 * right / ps.size(), sampled.get(0).size(), 100.0 * voted / ps.size(), s + 1, 100.0 * greedyVoted / ps.size());
}
/exit
