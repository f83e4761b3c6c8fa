package com.made.allocation.service.publishing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The order in which a batch goes to the broker: the first event of each key, then the second, and so on. */
final class Waves {

    private Waves() {
    }

    /** The waves of {@code batch}, given in stored order; each wave keeps that order. */
    static List<List<Publication>> of(List<Publication> batch) {
        List<List<Publication>> waves = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Publication event : batch) {
            int wave = seen.merge(keyOf(event), 1, Integer::sum) - 1;
            if (wave == waves.size()) {
                waves.add(new ArrayList<>());
            }
            waves.get(wave).add(event);
        }
        return waves;
    }

    static String keyOf(Publication event) {
        return event.message().orderingKey();
    }
}
