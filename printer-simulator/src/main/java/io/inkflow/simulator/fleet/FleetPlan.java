package io.inkflow.simulator.fleet;

import io.inkflow.schemas.CatalogEntry;
import io.inkflow.schemas.Channel;
import io.inkflow.schemas.ModelCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** The printers a provisioning creates: serial, model and channel, drawn from the seed. */
public final class FleetPlan {
    private FleetPlan() {
    }

    public record PlannedPrinter(int index, String serial, String model, Channel channel) {
    }

    public static List<PlannedPrinter> plan(ModelCatalog catalog, long seed, int printers, String serialPrefix,
                                            Map<String, Double> modelWeights, double amazonShare) {
        List<CatalogEntry> eligible = catalog.entries().stream().filter(CatalogEntry::eligible).toList();
        List<CatalogEntry> models = new ArrayList<>();
        List<Double> weights = new ArrayList<>();
        for (CatalogEntry entry : eligible) {
            double weight = modelWeights.isEmpty() ? 1.0 : modelWeights.getOrDefault(entry.model(), 0.0);
            if (weight > 0) {
                models.add(entry);
                weights.add(weight);
            }
        }
        for (String model : modelWeights.keySet()) {
            if (eligible.stream().noneMatch(e -> e.model().equals(model))) {
                throw new IllegalArgumentException("Model " + model + " is not an eligible catalog model");
            }
        }
        if (models.isEmpty()) {
            throw new IllegalArgumentException("The model mix selects no eligible model");
        }
        double total = weights.stream().mapToDouble(Double::doubleValue).sum();
        SplittableRandom random = Seeds.stream(seed, "plan");
        List<PlannedPrinter> plan = new ArrayList<>(printers);
        for (int i = 0; i < printers; i++) {
            double pick = random.nextDouble() * total;
            int chosen = 0;
            while (chosen < models.size() - 1 && pick >= weights.get(chosen)) {
                pick -= weights.get(chosen);
                chosen++;
            }
            Channel channel = random.nextDouble() < amazonShare ? Channel.AMAZON : Channel.CANON;
            plan.add(new PlannedPrinter(i, String.format("%s-%06d", serialPrefix, i), models.get(chosen).model(),
                    channel));
        }
        return plan;
    }
}
