package com.made.allocation.domain;

import com.made.allocation.domain.spi.AllocatedLines;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The lines of a batch built in memory: a list for their order, a map so lookups stay constant-time. */
final class LinesInMemory implements AllocatedLines {

    private final List<OrderLine> oldestFirst = new ArrayList<>();
    private final Map<String, OrderLine> byOrderid = new HashMap<>();
    private int quantity;

    @Override
    public int quantity() {
        return quantity;
    }

    @Override
    public Optional<OrderLine> ofOrder(String orderid) {
        return Optional.ofNullable(byOrderid.get(orderid));
    }

    @Override
    public Optional<OrderLine> newest() {
        return oldestFirst.isEmpty() ? Optional.empty() : Optional.of(oldestFirst.get(oldestFirst.size() - 1));
    }

    @Override
    public List<OrderLine> all() {
        return Collections.unmodifiableList(oldestFirst);
    }

    @Override
    public void add(OrderLine line) {
        oldestFirst.add(line);
        byOrderid.put(line.orderid(), line);
        quantity += line.qty();
    }

    @Override
    public void remove(OrderLine line) {
        if (byOrderid.remove(line.orderid(), line)) {
            int last = oldestFirst.size() - 1;
            if (oldestFirst.get(last).equals(line)) {
                oldestFirst.remove(last); // the usual case: deallocation gives back the newest line
            } else {
                oldestFirst.remove(line);
            }
            quantity -= line.qty();
        }
    }
}
