package com.made.allocation.service.unitofwork;

import java.util.Optional;

/**
 * The SKU of a batch, read without a unit of work and without locking anything: a batch never changes SKU,
 * so what was read once stays true.
 */
@FunctionalInterface
public interface BatchSkus {

    /** The SKU of the batch with this reference, or empty when there is no such batch (yet). */
    Optional<String> skuOf(String reference);
}
