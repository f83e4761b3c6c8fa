package com.made.allocation.adapters.jooq;

import com.made.allocation.service.fakes.FakeUnitOfWorkFactory;
import com.made.allocation.service.unitofwork.UnitOfWorkFactory;

/** The repository contract holds for the fake the service-layer tests rely on. */
class FakeProductRepositoryTest extends ProductRepositoryContract {

    private final FakeUnitOfWorkFactory uows = new FakeUnitOfWorkFactory();

    @Override
    protected UnitOfWorkFactory unitsOfWork() {
        return uows;
    }
}
