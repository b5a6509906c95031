package io.inkflow.dispatcher.portal;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import io.javalin.http.Context;
import io.javalin.rendering.template.JavalinJte;
import java.util.Map;

/**
 * Renders the precompiled JTE templates ({@code src/main/jte/portal}, compiled into the jar by the
 * jte-maven-plugin, so nothing is compiled at run time) through Javalin's JTE renderer.
 */
public final class Pages {
    /** Where the jte-maven-plugin puts the classes of {@code src/main/jte/portal}. */
    static final String PACKAGE = "io.inkflow.dispatcher.portal.jte";

    private final JavalinJte renderer = new JavalinJte(TemplateEngine.createPrecompiled(null, ContentType.Html,
            Pages.class.getClassLoader(), PACKAGE));

    public void render(Context ctx, int status, String template, Map<String, Object> model) {
        ctx.status(status).html(renderer.render(template, model, ctx));
    }

    public void render(Context ctx, String template, Map<String, Object> model) {
        render(ctx, 200, template, model);
    }
}
