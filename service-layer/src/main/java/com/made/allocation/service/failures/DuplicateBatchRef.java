package com.made.allocation.service.failures;

/** A new batch used the reference of a different batch that already exists. */
public class DuplicateBatchRef extends RuntimeException implements Refusal {

    public DuplicateBatchRef(String reference) {
        super("A different batch with ref " + reference + " already exists");
    }
}
