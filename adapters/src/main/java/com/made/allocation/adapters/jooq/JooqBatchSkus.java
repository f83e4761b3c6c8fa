package com.made.allocation.adapters.jooq;

import static com.made.allocation.adapters.jooq.schema.Tables.BATCHES;

import com.made.allocation.adapters.jooq.sql.RoundTrip;
import com.made.allocation.adapters.jooq.sql.SqlErrors;
import com.made.allocation.service.unitofwork.BatchSkus;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * The SKU of a batch, by a plain read that locks nothing, remembered once found: a batch never changes SKU.
 * The bus reads it to choose a command's lane, a unit of work to find the product a batch command is about.
 */
final class JooqBatchSkus implements BatchSkus {

    private static final int MOST_REMEMBERED = 100_000; // then forgotten all at once: a bound, not a cache policy

    private final DataSource dataSource;
    private final Supplier<ProductStatements> statements;
    private final Map<String, String> known = new ConcurrentHashMap<>();

    JooqBatchSkus(DataSource dataSource, Supplier<ProductStatements> statements) {
        this.dataSource = dataSource;
        this.statements = statements;
    }

    /** Read on a connection of its own, given back at once. */
    @Override
    public Optional<String> skuOf(String reference) {
        return Optional.ofNullable(known.get(reference)).or(() -> {
            try (Connection lookup = dataSource.getConnection()) {
                return read(reference, lookup);
            } catch (SQLException error) {
                throw SqlErrors.translate(error, "no database connection");
            }
        });
    }

    /** Read on {@code connection}, the caller's. */
    Optional<String> skuOf(String reference, Connection connection) {
        return Optional.ofNullable(known.get(reference)).or(() -> read(reference, connection));
    }

    private Optional<String> read(String reference, Connection connection) {
        List<String> skus = new ArrayList<>(1);
        new RoundTrip().query(statements.get().skuOfBatch(reference), row -> skus.add(row.get(BATCHES.SKU)))
                .run(connection, false);
        skus.stream().findFirst().ifPresent(found -> remember(reference, found));
        return skus.stream().findFirst();
    }

    private void remember(String reference, String sku) {
        if (known.size() >= MOST_REMEMBERED) {
            known.clear();
        }
        known.put(reference, sku);
    }
}
