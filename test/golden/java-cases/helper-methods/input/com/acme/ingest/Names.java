package com.acme.ingest;

final class Names {
    static final String TOPOLOGY = "ingest";
    static final String SOURCE = "lines";
    static final String ROUTER = "router";
    static final String ERRORS = "errors";
    static final String STORE = "store";
    static final String ERROR_STREAM = "errors";
    static final String KEY = "key";
    static final int PARALLELISM = 2;

    private Names() {}
}
