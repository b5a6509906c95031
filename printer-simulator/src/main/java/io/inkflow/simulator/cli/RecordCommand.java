package io.inkflow.simulator.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "record", mixinStandardHelpOptions = true,
        description = {"Like run, and write every published report (and every fault payload) to a JSON Lines trace.",
                "Replay it later with: replay --trace <file>."})
public final class RecordCommand extends RunCommand {
    @Option(names = "--trace", required = true, description = "JSON Lines trace to write.")
    Path trace;

    @Override
    protected Path tracePath() {
        return trace;
    }

    @Override
    protected String commandName() {
        return "record";
    }
}
