package com.made.allocation.adapters.jooq.sql;

import static org.jooq.impl.DSL.param;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.jooq.Param;
import org.jooq.Query;
import org.jooq.SQLDialect;

/**
 * A statement about many rows by their ids, run as one statement ({@code ... id IN (?, ?, ...)}) however
 * many ids there are, up to {@link #MAX}: rendered for 1, 2, 4, ... ids (a shorter list repeats its last id),
 * so the server keeps a handful of texts prepared, each planned by the primary key whatever the table held
 * when it was planned. An array of ids ({@code = ANY(?)}) would be one text, but its generic plan, made while
 * the table is empty, reads the whole table.
 */
public final class ByIds {

    public static final int MAX = 512;

    private final SQLDialect dialect;
    private final Function<List<Param<Long>>, Query> statement;
    private final Map<Integer, PreparedSql> rendered = new ConcurrentHashMap<>();

    /** @param statement the statement, given the id parameters of one size, each to be used once */
    public ByIds(SQLDialect dialect, Function<List<Param<Long>>, Query> statement) {
        this.dialect = dialect;
        this.statement = statement;
    }

    /** The statements for {@code ids}, one for each {@link #MAX} of them, with the ids bound. */
    public List<PreparedSql.Bound> bind(List<Long> ids) {
        List<PreparedSql.Bound> statements = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += MAX) {
            List<Long> some = ids.subList(from, Math.min(ids.size(), from + MAX));
            int size = Integer.highestOneBit(some.size()) == some.size() ? some.size()
                    : Integer.highestOneBit(some.size()) << 1;
            List<Param<Long>> parameters = parameters(size);
            List<Long> padded = IntStream.range(0, size).mapToObj(i -> some.get(Math.min(i, some.size() - 1))).toList();
            statements.add(rendered.computeIfAbsent(size, n -> PreparedSql.render(dialect, statement.apply(parameters)))
                    .bound().withEach(parameters, padded));
        }
        return statements;
    }

    private static List<Param<Long>> parameters(int size) {
        return IntStream.range(0, size).mapToObj(i -> param("id_" + i, Long.class)).toList();
    }
}
