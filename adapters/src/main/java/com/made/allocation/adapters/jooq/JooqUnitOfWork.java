package com.made.allocation.adapters.jooq;

import com.made.allocation.adapters.jooq.messages.StoredMessages;
import com.made.allocation.adapters.jooq.sql.RoundTrip;
import com.made.allocation.adapters.jooq.sql.SqlErrors;
import com.made.allocation.domain.events.Event;
import com.made.allocation.service.outbox.AlreadyDelivered;
import com.made.allocation.service.outbox.AlreadyReceived;
import com.made.allocation.service.outbox.Delivery.Envelope;
import com.made.allocation.service.outbox.Delivery;
import com.made.allocation.service.outbox.EventMessage;
import com.made.allocation.service.outbox.StoredPublication;
import com.made.allocation.service.unitofwork.AbstractUnitOfWork;
import com.made.allocation.service.unitofwork.ProductRepository;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One database transaction on its own pooled connection: the products' changes, the deliveries and
 * publications of the events they recorded, and the mark on the message being handled commit together or
 * not at all. The connection is taken on first use, so a handler that never touches the database costs
 * nothing, and it goes back to the pool on close, whatever happened before.
 *
 * <p>With pessimistic locking, the first product a unit of work loads is locked in two steps: its turn
 * among this process's units of work ({@link ProductTurns}), taken before any connection, then its row.
 */
final class JooqUnitOfWork extends AbstractUnitOfWork {

    private static final Logger log = LoggerFactory.getLogger(JooqUnitOfWork.class);

    private final DataSource dataSource;
    private final ProductStatements statements;
    private final Locking locking;
    private final ProductTurns turns;
    private final StoredMessages messages;
    private final JooqBatchSkus batchSkus;
    private final JooqProductRepository products;
    private Connection connection;
    private boolean turnAsked;
    private ProductTurns.Turn turn;

    JooqUnitOfWork(DataSource dataSource, ProductStatements statements, Locking locking, ProductTurns turns,
                   StoredMessages messages, JooqBatchSkus batchSkus) {
        this.dataSource = dataSource;
        this.statements = statements;
        this.locking = locking;
        this.turns = turns;
        this.messages = messages;
        this.batchSkus = batchSkus;
        this.products = new JooqProductRepository(this::connection, statements, locking,
                this::takeTurn, this::skuOfBatch);
    }

    @Override
    public ProductRepository products() {
        return products;
    }

    @Override
    protected Stored doCommit(List<Event> events, List<Envelope> deliveries,
                              List<EventMessage> publications, Optional<Delivery> done,
                              List<String> received) {
        try {
            RoundTrip writes = new RoundTrip();
            // The marks come first: their row locks make a second handler of the same message wait, then
            // change nothing, which fails this commit.
            done.ifPresent(delivery -> writes.writeOneRow(messages.deliveries().markDone(delivery),
                    () -> new AlreadyDelivered(delivery.id())));
            received.forEach(messageId -> writes.writeOneRow(messages.inbox().record(messageId),
                    () -> new AlreadyReceived(messageId)));
            products.addWrites(events, writes);
            // Publications follow the product writes, so their ids come after the product's row lock, in
            // commit order.
            List<StoredPublication> published = new ArrayList<>(publications.size());
            messages.publications().store(publications, published, writes);
            List<Long> ids = new ArrayList<>(deliveries.size());
            messages.deliveries().store(deliveries, ids, writes);
            // The commit travels with the writes when nothing can fail after them: no row count to check
            // (a mark, an optimistic version).
            boolean commitWithWrites = done.isEmpty() && received.isEmpty() && !writes.isEmpty()
                    && locking == Locking.PESSIMISTIC && statements.inOneRoundTrip();
            if (commitWithWrites) {
                writes.write(statements.commit());
            }
            if (!writes.isEmpty()) {
                writes.run(connection(), statements.inOneRoundTrip());
            }
            if (connection != null && !commitWithWrites) {
                connection.commit();
            }
            products.committed();
            List<Delivery> stored = new ArrayList<>(deliveries.size());
            for (int i = 0; i < deliveries.size(); i++) {
                Envelope envelope = deliveries.get(i);
                stored.add(new Delivery(ids.get(i), envelope.message(), envelope.handler(), 0, envelope.requestId()));
            }
            return new Stored(stored, published);
        } catch (DataAccessException error) {
            throw SqlErrors.translate(error, "commit failed");
        } catch (SQLException error) {
            throw SqlErrors.translate(error, "commit failed");
        }
    }

    @Override
    public void rollback() {
        if (connection == null) {
            return;
        }
        try {
            connection.rollback();
        } catch (SQLException error) {
            throw SqlErrors.translate(error, "rollback failed");
        }
    }

    @Override
    public void close() {
        try {
            releaseConnection();
        } finally {
            if (turn != null) { // after the transaction ended, whatever happened
                turns.release(turn);
                turn = null;
            }
        }
    }

    /** Before a product is loaded: the first one's turn, with pessimistic locking, before any connection. */
    private void takeTurn(String sku) {
        // The first product only: waiting for another's turn while holding a row lock could deadlock.
        if (locking == Locking.PESSIMISTIC && !turnAsked) {
            turnAsked = true;
            turn = turns.take(sku);
        }
    }

    /**
     * The SKU of a batch. Before its first product, a unit of work that will wait for the product's turn
     * has no connection yet: the SKU is read on a connection of its own, given back before the wait.
     */
    private Optional<String> skuOfBatch(String reference) {
        if (connection != null || locking != Locking.PESSIMISTIC) {
            return batchSkus.skuOf(reference, connection());
        }
        return batchSkus.skuOf(reference);
    }

    private void releaseConnection() {
        if (connection == null) {
            return;
        }
        try (Connection closing = connection) {
            closing.rollback(); // discards whatever was not committed; a no-op after a commit
        } catch (SQLException lost) {
            // The connection broke: nothing uncommitted survives it, and the pool drops it on close.
            log.debug("Released a broken connection: {}", lost.getMessage());
        } finally {
            connection = null;
        }
    }

    private Connection connection() {
        if (connection == null) {
            try {
                connection = dataSource.getConnection();
                connection.setAutoCommit(false);
            } catch (SQLException error) {
                throw SqlErrors.translate(error, "no database connection");
            }
        }
        return connection;
    }
}
