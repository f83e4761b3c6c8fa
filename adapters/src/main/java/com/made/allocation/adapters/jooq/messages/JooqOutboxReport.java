package com.made.allocation.adapters.jooq.messages;

import com.made.allocation.adapters.jooq.sql.Database;
import com.made.allocation.service.views.OutboxReport;

/** The operators' view of the outbox and the publications: counts, the oldest pending, the dead, re-driving. */
public final class JooqOutboxReport implements OutboxReport {

    private final Database database;
    private final MessageTable deliveries;
    private final MessageTable publications;

    JooqOutboxReport(Database database, MessageTable deliveries, MessageTable publications) {
        this.database = database;
        this.deliveries = deliveries;
        this.publications = publications;
    }

    @Override
    public Report report(int deadLimit) {
        return database.inTransaction("reading the outbox", connection -> new Report(
                deliveries.section(connection, deadLimit), publications.section(connection, deadLimit)));
    }

    @Override
    public boolean redriveDelivery(long id) {
        return deliveries.redrive(id);
    }

    @Override
    public boolean redrivePublication(long id) {
        return publications.redrive(id);
    }
}
