package io.pangolin.server;

/** Marker of response DTOs: written as JSON by {@link JsonBodyWriter}. */
interface JsonResponse {}
