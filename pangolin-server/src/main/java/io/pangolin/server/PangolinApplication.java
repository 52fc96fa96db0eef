package io.pangolin.server;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;

/** The JAX-RS application; Helidon adds every resource and provider of the bean archive. */
@ApplicationScoped
@ApplicationPath("/")
@OpenAPIDefinition(info = @Info(title = "Pangolin management API", version = "v1",
    description = "Tenants, warehouses, catalogs, namespaces, assets, users, service users, audit and search. Every"
        + " route needs Authorization: Bearer <token> (POST /v1/oauth/tokens); root names the tenant it acts in with"
        + " the header X-Pangolin-Tenant."))
public class PangolinApplication extends Application {}
