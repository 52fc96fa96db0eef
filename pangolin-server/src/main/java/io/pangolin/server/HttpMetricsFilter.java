package io.pangolin.server;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;

/**
 * Times every JAX-RS request into the timer {@value #METRIC} (Prometheus: {@code pangolin_http_request_seconds_*}),
 * tagged by the matched route template (never the raw path, so names and ids cannot blow up cardinality), the
 * method and the status. Requests that match no route are tagged {@code route="UNMATCHED"}. Also counts the
 * requests in flight and the recent ones for {@link Operations}.
 */
@Provider
@PreMatching
@Priority(1)
@ApplicationScoped
public class HttpMetricsFilter implements ContainerRequestFilter, ContainerResponseFilter {
  static final String METRIC = "pangolin.http.request";
  private static final String START = "io.pangolin.server.start-nanos";
  private static final Metadata METADATA = Metadata.builder()
      .withName(METRIC)
      .withDescription("HTTP requests of the Pangolin API by route template, method and status")
      .withUnit(MetricUnits.SECONDS)
      .build();

  /** Route template per resource method, derived once (no annotation lookup per request). */
  private final Map<Method, String> templates = new ConcurrentHashMap<>();
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();

  @Inject
  MetricRegistry registry;

  @Inject
  Operations operations;

  @Context
  ResourceInfo resourceInfo;

  @Override
  public void filter(ContainerRequestContext request) {
    request.setProperty(START, System.nanoTime());
    operations.requestStarted();
  }

  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    if (!(request.getProperty(START) instanceof Long start)) {
      return;
    }
    request.removeProperty(START);
    long nanos = System.nanoTime() - start;
    operations.requestFinished(nanos, response.getStatus());
    String route = route();
    String method = request.getMethod();
    String status = Integer.toString(response.getStatus());
    timers.computeIfAbsent(route + ' ' + method + ' ' + status,
        k -> registry.timer(METADATA, new Tag("route", route), new Tag("method", method), new Tag("status", status)))
        .update(Duration.ofNanos(nanos));
  }

  private String route() {
    Class<?> type = resourceInfo == null ? null : resourceInfo.getResourceClass();
    Method method = resourceInfo == null ? null : resourceInfo.getResourceMethod();
    if (type == null || method == null) {
      return "UNMATCHED";
    }
    return templates.computeIfAbsent(method, m -> template(type, m));
  }

  /** Class {@code @Path} + method {@code @Path}, e.g. {@code /api/v1/catalogs/{catalog}}. */
  static String template(Class<?> type, Method method) {
    Path classPath = type.getAnnotation(Path.class);
    Path methodPath = method.getAnnotation(Path.class);
    String t = "/" + (classPath == null ? "" : classPath.value()) + "/" + (methodPath == null ? "" : methodPath.value());
    t = t.replaceAll("/+", "/");
    return t.length() > 1 && t.endsWith("/") ? t.substring(0, t.length() - 1) : t;
  }
}
