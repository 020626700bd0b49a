package dev.weft.bench;

import dev.weft.bench.cli.Options;
import dev.weft.bench.load.LoadRunner;
import dev.weft.bench.stats.Summary;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;

/**
 * Command-line load generator: sends realistic spans to an OTLP/gRPC endpoint and reports the
 * accepted throughput and client-side export latency. See {@link Options#USAGE}.
 */
public final class LoadGenerator {

    private LoadGenerator() {
    }

    public static void main(String[] args) throws InterruptedException {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command and returns its exit status; separate from {@link #main} so tests can call it. */
    public static int run(String[] args, PrintStream out, PrintStream err) throws InterruptedException {
        if (Options.wantsHelp(args)) {
            out.print(Options.USAGE);
            return 0;
        }
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("weft-bench: " + e.getMessage());
            err.print(Options.USAGE);
            return 2;
        }
        out.println("weft-bench: " + options.describe());
        // Callbacks only bump counters, so they run on the transport thread without a hand-off.
        ManagedChannel channel = Grpc.newChannelBuilder(options.endpoint(), InsecureChannelCredentials.create())
                .directExecutor().build();
        try {
            LoadRunner runner = new LoadRunner(channel, options, out::println);
            Status probe = runner.probe();
            // RESOURCE_EXHAUSTED: the server is there but busy, which is what a benchmark may well find.
            if (!probe.isOk() && probe.getCode() != Status.Code.RESOURCE_EXHAUSTED) {
                err.println("weft-bench: endpoint " + options.endpoint() + " unreachable: " + probe.getCode()
                        + (probe.getDescription() == null ? "" : " " + probe.getDescription())
                        + (probe.getCause() == null ? "" : " (" + probe.getCause().getMessage() + ")"));
                return 1;
            }
            Summary summary = runner.run();
            out.println("measured " + Options.format(options.duration()) + " after " + Options.format(options.warmup())
                    + " warm-up: " + summary.line());
            out.println(summary.resultLine());
            if (summary.acceptedSpans() == 0) {
                err.println("weft-bench: no span was accepted");
                return 1;
            }
            return 0;
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
