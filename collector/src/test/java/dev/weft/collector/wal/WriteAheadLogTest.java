package dev.weft.collector.wal;

import dev.weft.collector.wal.WriteAheadLog.Fsync;
import dev.weft.collector.wal.WriteAheadLog.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WriteAheadLogTest {

    private static final long SEGMENT = 256;

    @TempDir
    Path dir;

    @Test
    void readsRecordsBackInOrderAndDeletesSegmentsOnceStored() throws Exception {
        try (WriteAheadLog log = open(Fsync.REQUEST)) {
            for (int i = 0; i < 10; i++) {
                log.append((byte) 1, payload("record-" + i));
            }
            assertThat(segmentFiles()).hasSizeGreaterThan(2);

            List<Record> read = readAll(log);
            assertThat(read).extracting(r -> text(r.payload()))
                    .containsExactly("record-0", "record-1", "record-2", "record-3", "record-4", "record-5", "record-6",
                            "record-7", "record-8", "record-9");
            assertThat(read).allSatisfy(r -> assertThat(r.type()).isEqualTo((byte) 1));

            Thread.sleep(20);
            assertThat(log.oldestAge()).isPositive();

            log.release(read);
            log.next(Duration.ZERO); // the reader passes the last full segment
            assertThat(log.unstoredBytes()).isZero();
            assertThat(log.oldestAge()).isZero();
            assertThat(segmentFiles()).hasSize(1); // only the one being written
        }
    }

    @Test
    void whatWasNotStoredIsReadAgainAfterARestart() throws Exception {
        try (WriteAheadLog log = open(Fsync.REQUEST)) {
            for (int i = 0; i < 6; i++) {
                log.append((byte) 2, payload("r" + i));
            }
            List<Record> read = readAll(log);
            log.release(read.subList(0, 3)); // stored r0-r2 only, then the process stops
        }
        try (WriteAheadLog reopened = open(Fsync.REQUEST)) {
            assertThat(readAll(reopened)).extracting(r -> text(r.payload()))
                    .contains("r3", "r4", "r5")
                    .isSubsetOf("r0", "r1", "r2", "r3", "r4", "r5");
        }
    }

    @Test
    void aRecordCutShortByACrashIsIgnoredAndTheLogGoesOn() throws Exception {
        try (WriteAheadLog log = open(Fsync.REQUEST)) {
            log.append((byte) 1, payload("whole"));
            log.append((byte) 1, payload("torn"));
        }
        Path file = segmentFiles().getFirst();
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(raf.length() - 2);
        }
        try (WriteAheadLog log = open(Fsync.REQUEST)) {
            log.append((byte) 1, payload("after"));
            assertThat(readAll(log)).extracting(r -> text(r.payload())).containsExactly("whole", "after");
        }
    }

    @Test
    void aDamagedRecordEndsItsSegment() throws Exception {
        try (WriteAheadLog log = open(Fsync.REQUEST)) {
            log.append((byte) 1, payload("good"));
            log.append((byte) 1, payload("flipped"));
        }
        Path file = segmentFiles().getFirst();
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length - 1] ^= 0x40;
        Files.write(file, bytes);
        try (WriteAheadLog log = open(Fsync.REQUEST)) {
            assertThat(readAll(log)).extracting(r -> text(r.payload())).containsExactly("good");
        }
    }

    @Test
    void refusesAppendsBeyondItsBoundUntilRecordsAreStored() throws Exception {
        try (WriteAheadLog log = open(Fsync.INTERVAL)) {
            List<Record> read = new ArrayList<>();
            assertThatThrownBy(() -> {
                for (int i = 0; i < 100; i++) {
                    log.append((byte) 1, payload("fill-" + i));
                }
            }).isInstanceOf(LogFullException.class).hasMessageContaining("full");
            assertThat(log.bytes()).isLessThanOrEqualTo(log.maxBytes());

            read.addAll(readAll(log));
            log.release(read);
            log.next(Duration.ZERO);
            log.append((byte) 1, payload("room-again"));
            assertThat(readAll(log)).extracting(r -> text(r.payload())).containsExactly("room-again");
        }
    }

    @Test
    void oneProcessPerDirectory() {
        try (WriteAheadLog ignored = open(Fsync.REQUEST)) {
            assertThatThrownBy(() -> open(Fsync.REQUEST)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("in use by another process");
        }
    }

    @Test
    void aBoundBelowTwoSegmentsIsRefused() {
        assertThatThrownBy(() -> new WriteAheadLog(dir, 1024, 1500, Fsync.REQUEST, Duration.ofMillis(10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max-bytes >= 2 x segment-bytes");
    }

    @Test
    void aWaitingReaderWakesUpOnAppend() throws Exception {
        try (WriteAheadLog log = open(Fsync.REQUEST)) {
            Thread.ofPlatform().start(() -> {
                try {
                    Thread.sleep(100);
                    log.append((byte) 3, payload("late"));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Optional<Record> record = log.next(Duration.ofSeconds(10));
            assertThat(record).map(r -> text(r.payload())).contains("late");
        }
    }

    private WriteAheadLog open(Fsync fsync) {
        return new WriteAheadLog(dir, SEGMENT, 4 * SEGMENT, fsync, Duration.ofMillis(10));
    }

    private static List<Record> readAll(WriteAheadLog log) throws InterruptedException {
        List<Record> out = new ArrayList<>();
        for (Optional<Record> r = log.next(Duration.ZERO); r.isPresent(); r = log.next(Duration.ZERO)) {
            out.add(r.get());
        }
        return out;
    }

    private List<Path> segmentFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".wal")).sorted().toList();
        }
    }

    private static byte[] payload(String text) {
        return (text + " " + "x".repeat(40)).getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] payload) {
        String s = new String(payload, StandardCharsets.UTF_8);
        return s.substring(0, s.indexOf(' '));
    }
}
