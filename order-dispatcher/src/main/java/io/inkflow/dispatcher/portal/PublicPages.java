package io.inkflow.dispatcher.portal;

import io.inkflow.dispatcher.portal.view.CatalogView;
import io.inkflow.schemas.ModelCatalog;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** The pages anyone may read: home, how the service works, eligible printers and prices, terms; and the assets. */
final class PublicPages {
    private final PortalWeb web;
    private final Pages pages;
    private final CatalogView catalog;

    PublicPages(PortalWeb web, Pages pages, ModelCatalog catalog) {
        this.web = web;
        this.pages = pages;
        this.catalog = CatalogView.of(catalog);
    }

    void register(Javalin app) {
        web.publicGet("/", (ctx, v) -> pages.render(ctx, "site/home.jte", Map.of("frame", v.frame("Home", "home"))));
        web.publicGet("/how-it-works", (ctx, v) -> pages.render(ctx, "site/how.jte",
                Map.of("frame", v.frame("How Auto Replenishment works", "how"))));
        web.publicGet("/eligible-printers", (ctx, v) -> pages.render(ctx, "site/eligible.jte",
                Map.of("frame", v.frame("Eligible printers and supply prices", "eligible"), "catalog", catalog)));
        web.publicGet("/terms", (ctx, v) -> pages.render(ctx, "site/terms.jte",
                Map.of("frame", v.frame("Terms of service", "terms"))));
        app.get("/portal-assets/portal.css", ctx -> asset(ctx, "portal/portal.css", "text/css; charset=utf-8"));
        app.get("/portal-assets/portal.js", ctx -> asset(ctx, "portal/portal.js", "text/javascript; charset=utf-8"));
    }

    private static void asset(Context ctx, String resource, String contentType) {
        try (InputStream in = PublicPages.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + resource);
            }
            ctx.contentType(contentType).header("Cache-Control", "public, max-age=300")
                    .header("X-Content-Type-Options", "nosniff").result(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
