package dev.funnel.testkit;

import static org.quicktheories.generators.SourceDSL.lists;

import dev.funnel.model.Funnel;
import dev.funnel.model.Stage;
import java.util.List;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * Generators of sales funnels for property tests: one to five open stages ({@code open1}, {@code
 * open2}, …; those between the first and the last sometimes optional), with win probabilities that
 * rise down the funnel, then a won stage and none to two lost stages. Shrinks toward one open
 * stage, none optional, no lost stage.
 */
public final class Funnels {
  private Funnels() {}

  /** Returns funnels as described above. */
  public static Gen<Funnel> funnels() {
    return lists()
        .of(Generate.booleans())
        .ofSizeBetween(1, 5)
        .zip(Generate.range(0, 2), Funnels::build)
        .describedAs(Funnel::toString);
  }

  private static Funnel build(List<Boolean> optional, int lostStages) {
    int open = optional.size();
    Funnel.Builder funnel = Funnel.builder("generated");
    for (int i = 0; i < open; i++) {
      Stage.Builder stage =
          Stage.open("open" + (i + 1)).winProbability((i + 1) / (double) (open + 1));
      // The first and the last open stage are required: counts measure rates from them.
      if (optional.get(i) && i > 0 && i < open - 1) {
        stage.optional();
      }
      funnel.stage(stage);
    }
    funnel.stage(Stage.won("won"));
    for (int i = 0; i < lostStages; i++) {
      funnel.stage(Stage.lost(i == 0 ? "lost" : "lost" + (i + 1)));
    }
    return funnel.build();
  }
}
