package io.inkflow.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.inkflow.schemas.Json;
import io.inkflow.simulator.SimulatorMain;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import picocli.CommandLine;

/** {@code backtest} on the committed trace: the table, the JSON and the chart. */
class BacktestCommandTest {
    @TempDir
    Path dir;

    private Path trace;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void findTheTrace() throws Exception {
        trace = Path.of(getClass().getResource("/backtest/trace.jsonl").toURI());
    }

    private int run(String... args) {
        CommandLine cli = SimulatorMain.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void printsOneRowPerDefaultPolicyAndDrawsOnePointEach() throws Exception {
        Path chart = dir.resolve("charts/backtest.svg");
        int code = run("backtest", "--trace", trace.toString(), "--transit", "5", "--chart", chart.toString());

        assertThat(code).as(err.toString()).isZero();
        List<String> rows = out.toString().lines().toList();
        assertThat(rows.get(0))
                .startsWith("backtest: 2 printers, 5 slots, 2026-03-02T12:00:00Z to 2026-03-27T12:00:00Z");
        assertThat(rows.get(1)).isEqualTo("left out (model not in the catalog): BT-X");
        assertThat(rows.get(2).split("\\s+")).startsWith("policy", "orders", "parcels", "parcels/1000", "stock-outs");
        // policy, orders, parcels, parcels/1000, stock-outs, stock-out days, mean %, median %, arrived, in transit
        assertThat(rows.get(3).split("\\s+"))
                .containsExactly("production", "5", "5", "1000", "0", "0.00", "9.8", "9.5", "4", "1");
        assertThat(rows.get(4).split("\\s+"))
                .containsExactly("threshold-only", "4", "4", "1000", "1", "4.00", "1.7", "2.0", "3", "1");
        assertThat(rows.get(7).split("\\s+"))
                .containsExactly("window-5", "5", "4", "800", "0", "0.00", "11.3", "9.5", "4", "1");
        assertThat(out.toString()).contains("window-5         threshold model, forecast 7+2 bd, window 5 bd");

        Document svg = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(chart.toFile());
        assertThat(svg.getDocumentElement().getTagName()).isEqualTo("svg");
        List<String> points = new ArrayList<>();
        NodeList circles = svg.getElementsByTagName("circle");
        for (int i = 0; i < circles.getLength(); i++) {
            Element circle = (Element) circles.item(i);
            if (circle.getAttribute("class").equals("policy")) {
                points.add(circle.getTextContent());
            }
        }
        assertThat(points).containsExactly("production", "threshold-only", "threshold+10", "lead-5", "window-5");
    }

    @Test
    void takesPoliciesFromTheCommandLineAndAFileAndPrintsJson() throws Exception {
        Path file = dir.resolve("policies.txt");
        Files.writeString(file, """
                # QA's candidates
                name=flat-20,threshold=20,forecast=off

                name=mf445-15,threshold.imageclass-mf445dw=15,window=3
                """);
        int code = run("backtest", "--trace", trace.toString(), "--policy", "name=prod", "--policies", file.toString(),
                "--json");

        assertThat(code).as(err.toString()).isZero();
        var json = Json.mapper().readTree(out.toString());
        assertThat(json.get("transit").get("minDays").asInt()).isEqualTo(3);
        assertThat(json.get("transit").get("maxDays").asInt()).isEqualTo(7);
        assertThat(json.get("policies").findValuesAsText("policy")).containsExactly("prod", "flat-20", "mf445-15");
        assertThat(json.get("policies").get(1).get("description").asText()).isEqualTo("threshold 20%, no forecast");
    }

    @Test
    void refusesAPolicyWithAnUnknownKey() {
        int code = run("backtest", "--trace", trace.toString(), "--policy", "name=x,leadtime=3");

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("unknown policy key 'leadtime'");
    }

    @Test
    void refusesATraceItCannotRead() {
        int code = run("backtest", "--trace", dir.resolve("missing.jsonl").toString());

        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("Cannot read trace");
    }
}
