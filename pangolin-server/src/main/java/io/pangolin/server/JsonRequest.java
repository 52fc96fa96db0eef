package io.pangolin.server;

/** Marker of request DTOs: read by {@link JsonBodyReader} with the strict mapper of {@link Json}. */
interface JsonRequest {}
