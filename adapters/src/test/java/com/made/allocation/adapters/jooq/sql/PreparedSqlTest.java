package com.made.allocation.adapters.jooq.sql;

import static com.made.allocation.adapters.jooq.schema.Tables.ALLOCATIONS;
import static com.made.allocation.adapters.jooq.schema.Tables.BATCHES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.made.allocation.adapters.jooq.TestDatabases;
import com.made.allocation.adapters.jooq.sql.Database;
import com.made.allocation.adapters.jooq.sql.PreparedSql;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jooq.Param;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A statement rendered once binds each value at the position of its named parameter, whatever their order. */
class PreparedSqlTest {

    private static final Param<String> SKU = DSL.param("sku", String.class);
    private static final Param<String> REFERENCE = DSL.param("reference", String.class);
    private static final Param<Integer> PURCHASED = DSL.param("purchased", Integer.class);
    private static final Param<Integer> ALLOCATED = DSL.param("allocated", Integer.class);

    private final Database database = TestDatabases.migratedH2();

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void valuesAreBoundWhereTheirNamesStandInTheStatement() throws Exception {
        // SET before WHERE, in an order unlike the one the values are given in below.
        PreparedSql update = PreparedSql.render(SQLDialect.H2, DSL.update(BATCHES)
                .set(BATCHES.ALLOCATED_QUANTITY, ALLOCATED).set(BATCHES.PURCHASED_QUANTITY, PURCHASED)
                .where(BATCHES.REFERENCE.eq(REFERENCE).and(BATCHES.SKU.eq(SKU))));
        List<Object> bound = new ArrayList<>();
        try (Connection connection = database.dataSource().getConnection();
             PreparedStatement statement = PreparedSql.prepare(recording(connection, bound),
                     List.of(update.with(SKU, "LAMP").with(REFERENCE, "b1").with(PURCHASED, 30).with(ALLOCATED, 20)))) {
            assertThat(statement).isNotNull();
        }
        assertThat(bound).containsExactly(20, 30, "b1", "LAMP");
    }

    @Test
    void aValueThatIsNotANamedParameterOrANameUsedTwiceIsRefused() {
        assertThatThrownBy(() -> PreparedSql.render(SQLDialect.H2,
                DSL.deleteFrom(ALLOCATIONS).where(ALLOCATIONS.ORDERID.eq("o1")))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PreparedSql.render(SQLDialect.H2, DSL.update(BATCHES)
                .set(BATCHES.REFERENCE, REFERENCE).where(BATCHES.REFERENCE.eq(REFERENCE))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aValueForAParameterTheStatementDoesNotHaveOrNoValueForOneItHasIsRefused() throws Exception {
        PreparedSql delete = PreparedSql.render(SQLDialect.H2,
                DSL.deleteFrom(BATCHES).where(BATCHES.REFERENCE.eq(REFERENCE).and(BATCHES.SKU.eq(SKU))));
        assertThatThrownBy(() -> delete.with(PURCHASED, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(":purchased");
        try (Connection connection = database.dataSource().getConnection()) {
            assertThatThrownBy(() -> PreparedSql.prepare(connection, List.of(delete.with(SKU, "LAMP"))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no value for :reference");
        }
    }

    /** The connection, with the values its prepared statements are given recorded in order of position. */
    private static Connection recording(Connection connection, List<Object> bound) {
        Map<Integer, Object> byPosition = new TreeMap<>();
        return (Connection) Proxy.newProxyInstance(PreparedSqlTest.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (self, method, args) -> {
                    Object result = method.invoke(connection, args);
                    if (!method.getName().equals("prepareStatement")) {
                        return result;
                    }
                    PreparedStatement real = (PreparedStatement) result;
                    return Proxy.newProxyInstance(PreparedSqlTest.class.getClassLoader(),
                            new Class<?>[] {PreparedStatement.class}, (s, m, a) -> {
                                if (m.getName().equals("setObject")) {
                                    byPosition.put((Integer) a[0], a[1]);
                                    bound.clear();
                                    bound.addAll(byPosition.values());
                                }
                                return m.invoke(real, a);
                            });
                });
    }
}
