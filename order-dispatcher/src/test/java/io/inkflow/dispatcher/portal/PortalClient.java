package io.inkflow.dispatcher.portal;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * A browser without JavaScript for the page tests: keeps cookies, follows redirects, and submits forms the
 * way a browser does (every hidden field of the form, the CSRF token among them, plus the fields typed in).
 */
final class PortalClient {
    private final String base;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient http;

    PortalClient(int port) {
        this.base = "http://127.0.0.1:" + port;
        this.http = HttpClient.newBuilder().cookieHandler(cookies).followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** A page as received. */
    record Page(int status, String path, Document html, Map<String, List<String>> headers) {
        String text(String selector) {
            Element element = html.selectFirst(selector);
            return element == null ? null : element.text();
        }

        /**
         * The message shown next to a field ({@code <field>-error}), or null; fails when the field does not point
         * at its message through aria-describedby (on itself or on its fieldset).
         */
        String fieldError(String field) {
            Element message = html.getElementById(field + "-error");
            if (message == null) {
                return null;
            }
            Element input = html.getElementById(field);
            if (input == null) {
                throw new AssertionError("no field " + field + " for its message");
            }
            boolean linked = describes(input, message.id()) || input.parents().stream()
                    .anyMatch(parent -> parent.tagName().equals("fieldset") && describes(parent, message.id()));
            if (!linked) {
                throw new AssertionError("field " + field + " does not point at its message");
            }
            return message.text().replace("Error: ", "");
        }

        private static boolean describes(Element element, String id) {
            return List.of(element.attr("aria-describedby").split(" ")).contains(id);
        }

        String notice() {
            return text(".notice");
        }
    }

    Page get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    /** Submits the form matched by {@code selector} on {@code page} with the given fields filled in. */
    Page submit(Page page, String selector, Map<String, String> fields) {
        Element form = page.html().selectFirst(selector);
        if (form == null) {
            throw new AssertionError("no form " + selector + " on " + page.path());
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Element hidden : form.select("input[type=hidden]")) {
            values.put(hidden.attr("name"), hidden.attr("value"));
        }
        values.putAll(fields);
        return post(form.attr("action"), values);
    }

    /** A raw form post, for tests that forge requests (no CSRF token unless given). */
    Page post(String path, Map<String, String> fields) {
        return postMulti(path, fields.entrySet().stream().map(e -> Map.entry(e.getKey(), e.getValue())).toList());
    }

    /** A form post where a field may repeat (checkboxes). */
    Page postMulti(String path, List<Map.Entry<String, String>> fields) {
        String body = fields.stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** The raw response of a request, without following redirects (to read Set-Cookie and Location). */
    HttpResponse<String> raw(HttpRequest.Builder request) {
        try {
            HttpClient plain = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
            return plain.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    String url(String path) {
        return base + path;
    }

    List<HttpCookie> cookies() {
        return cookies.getCookieStore().getCookies();
    }

    /** Sets a cookie as a browser would send it back (to replay a stolen or old session). */
    void setCookie(String name, String value) {
        HttpCookie cookie = new HttpCookie(name, value);
        cookie.setPath("/");
        cookie.setVersion(0);
        cookies.getCookieStore().add(URI.create(base), cookie);
    }

    String cookie(String name) {
        return cookies().stream().filter(c -> c.getName().equals(name)).map(HttpCookie::getValue).findFirst()
                .orElse(null);
    }

    private Page send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            URI uri = response.uri();
            String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            return new Page(response.statusCode(), path, Jsoup.parse(response.body(), base),
                    response.headers().map());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
