package dev.weft.collector.wal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * An append-only log of export requests on local disk, in numbered segment files. The collector
 * acknowledges a request once it is appended here (and synced, as {@link Fsync} says), a reader
 * hands the records on to storage in order, and a segment file is deleted once every record in it
 * is {@linkplain #release stored}. What is still on disk at start-up is read again, so a crash
 * loses nothing that was acknowledged; storage ids are deterministic, so a record stored twice
 * (stored, then the crash came before its segment was deleted) is not duplicated.
 *
 * <p>The log is bounded: an append that would take it past {@code maxBytes} is refused with
 * {@link LogFullException}, which the receivers turn into a retryable answer.
 *
 * <p>Record layout: payload length (int), CRC32C of the rest (int), type (byte), append time in
 * epoch milliseconds (long), payload. A record cut short by a crash, or failing its checksum, ends
 * its segment: it was never acknowledged, since an append returns only after the whole record is
 * written.
 */
public final class WriteAheadLog implements AutoCloseable {

    /** When appended bytes are forced to the device. */
    public enum Fsync {
        /** Before each append returns (concurrent appends share one sync): nothing acknowledged is lost. */
        REQUEST,
        /** Every {@code fsyncInterval}: a machine crash can lose what was appended within the last interval. */
        INTERVAL
    }

    /** One record as read back: where it is, what it holds, and when it was appended. */
    public record Record(Position position, byte type, long appendedAtMillis, byte[] payload) {
    }

    /** A record's place in the log. */
    public record Position(long segment, long offset) {
    }

    static final int HEADER_BYTES = 4 + 4 + 1 + 8;
    private static final String SUFFIX = ".wal";
    private static final Logger log = LoggerFactory.getLogger(WriteAheadLog.class);

    private final Path dir;
    private final long segmentBytes;
    private final long maxBytes;
    private final Fsync fsync;
    private final FileChannel lockChannel;
    private final FileLock lock;
    /** Syncs on a timer with {@link Fsync#INTERVAL}; null with {@link Fsync#REQUEST}. */
    private final ScheduledExecutorService syncer;

    private final ReentrantLock appendLock = new ReentrantLock();
    private final Condition appended = appendLock.newCondition();
    /** Live segments by number: size on disk, records read out and not yet released, whether fully read. */
    private final TreeMap<Long, Segment> segments = new TreeMap<>();
    private long totalBytes;
    /** Bytes of records not yet released: what storage still has to take. */
    private long unstoredBytes;
    private FileChannel writeChannel;
    private long writeSegment;
    private long readSegment;
    private long readOffset;
    private boolean closed;

    private final Object syncLock = new Object();
    /** Bytes ever appended, and how many of them are known synced: the group commit compares the two. */
    private volatile long appendedBytes;
    private long syncedBytes;

    private static final class Segment {
        long size;
        long outstanding;
        boolean fullyRead;
        long firstAppendMillis = -1;
    }

    /**
     * Opens the log in {@code dir}, creating it, and takes a lock file there so that two processes
     * never share one log. Segments left by an earlier run are kept for the reader.
     */
    public WriteAheadLog(Path dir, long segmentBytes, long maxBytes, Fsync fsync, Duration fsyncInterval) {
        if (segmentBytes <= HEADER_BYTES || maxBytes < 2 * segmentBytes) {
            // The segment being written is deleted only after it is full: the bound must hold at least two.
            throw new IllegalArgumentException("the write-ahead log needs max-bytes >= 2 x segment-bytes, and segments of more than "
                    + HEADER_BYTES + " bytes; got max-bytes " + maxBytes + ", segment-bytes " + segmentBytes);
        }
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        this.maxBytes = maxBytes;
        this.fsync = fsync;
        try {
            Files.createDirectories(dir);
            lockChannel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            lock = tryLock(lockChannel);
            if (lock == null) {
                lockChannel.close();
                throw new IllegalStateException("The write-ahead log in " + dir.toAbsolutePath()
                        + " is in use by another process; give each Weft its own weft.collector.wal.dir");
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path file : files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).toList()) {
                    Segment s = new Segment();
                    s.size = Files.size(file);
                    s.firstAppendMillis = Files.getLastModifiedTime(file).toMillis();
                    segments.put(number(file), s);
                    totalBytes += s.size;
                    unstoredBytes += s.size;
                }
            }
            writeSegment = segments.isEmpty() ? 1 : segments.lastKey() + 1;
            readSegment = segments.isEmpty() ? writeSegment : segments.firstKey();
            openWriteSegment();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the write-ahead log in " + dir.toAbsolutePath(), e);
        }
        if (fsync == Fsync.INTERVAL) {
            syncer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("weft-wal-sync").daemon().factory());
            syncer.scheduleWithFixedDelay(this::sync, fsyncInterval.toNanos(), fsyncInterval.toNanos(), TimeUnit.NANOSECONDS);
        } else {
            syncer = null;
        }
        if (segments.size() > 1) {
            log.info("Write-ahead log {}: {} bytes in {} segments from an earlier run will be stored again",
                    dir.toAbsolutePath(), totalBytes, segments.size() - 1);
        }
    }

    /**
     * Appends a record and, with {@link Fsync#REQUEST}, syncs it before returning.
     *
     * @throws LogFullException when the record would take the log past its bound
     */
    public void append(byte type, byte[] payload) throws LogFullException {
        int length = HEADER_BYTES + payload.length;
        long now = System.currentTimeMillis();
        ByteBuffer record = ByteBuffer.allocate(length);
        record.putInt(payload.length).putInt(0).put(type).putLong(now).put(payload);
        CRC32C crc = new CRC32C();
        crc.update(record.array(), 8, length - 8);
        record.putInt(4, (int) crc.getValue()).flip();
        long end;
        appendLock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("the write-ahead log is closed");
            }
            requireRoomLocked(length);
            Segment current = segments.get(writeSegment);
            if (current.size > 0 && current.size + length > segmentBytes) {
                roll();
                current = segments.get(writeSegment);
            }
            try {
                write(record, current.size);
            } catch (java.nio.channels.ClosedByInterruptException e) {
                // An interrupted writer thread closed the shared channel: reopen it for the others.
                Thread.interrupted();
                writeChannel = FileChannel.open(file(writeSegment), StandardOpenOption.WRITE);
                write(record.rewind(), current.size);
                Thread.currentThread().interrupt();
            }
            current.size += length;
            if (current.firstAppendMillis < 0) {
                current.firstAppendMillis = now;
            }
            totalBytes += length;
            unstoredBytes += length;
            appendedBytes += length;
            end = appendedBytes;
            appended.signalAll();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot append to the write-ahead log in " + dir.toAbsolutePath(), e);
        } finally {
            appendLock.unlock();
        }
        if (fsync == Fsync.REQUEST) {
            syncUpTo(end);
        }
    }

    private void write(ByteBuffer record, long at) throws IOException {
        while (record.hasRemaining()) {
            writeChannel.write(record, at + record.position());
        }
    }

    /** @throws LogFullException when a record of {@code payloadBytes} would not fit now */
    public void requireRoom(int payloadBytes) throws LogFullException {
        appendLock.lock();
        try {
            requireRoomLocked(HEADER_BYTES + payloadBytes);
        } finally {
            appendLock.unlock();
        }
    }

    private void requireRoomLocked(long recordBytes) throws LogFullException {
        if (totalBytes + recordBytes > maxBytes) {
            throw new LogFullException(totalBytes, maxBytes);
        }
    }

    /** Forces what is appended to the device; {@link Fsync#INTERVAL} calls this on a timer. */
    public void sync() {
        syncUpTo(appendedBytes);
    }

    /** Group commit: one force covers every append that finished before it started. */
    private void syncUpTo(long target) {
        synchronized (syncLock) {
            if (syncedBytes >= target) {
                return;
            }
            long upTo = appendedBytes;
            FileChannel channel;
            appendLock.lock();
            try {
                channel = writeChannel;
            } finally {
                appendLock.unlock();
            }
            try {
                channel.force(false);
            } catch (java.nio.channels.ClosedChannelException e) {
                // rolled meanwhile: roll() forced it before closing
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot sync the write-ahead log in " + dir.toAbsolutePath(), e);
            }
            syncedBytes = upTo;
        }
    }

    /**
     * Reads the next record, oldest first, waiting up to {@code timeout} for one to be appended; the
     * record stays on disk until {@linkplain #release released}. One reader at a time.
     */
    public Optional<Record> next(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long segment;
            long offset;
            long size;
            appendLock.lock();
            try {
                Map.Entry<Long, Segment> entry = segments.ceilingEntry(readSegment);
                // Past a segment's end: it is fully read, unless it is still being written.
                while (entry != null && readOffset >= entry.getValue().size && entry.getKey() != writeSegment) {
                    entry.getValue().fullyRead = true;
                    deleteIfDone(entry.getKey(), entry.getValue());
                    entry = segments.higherEntry(entry.getKey());
                    readOffset = 0;
                }
                if (entry == null || readOffset >= entry.getValue().size) {
                    if (entry != null) {
                        readSegment = entry.getKey();
                    }
                    long wait = deadline - System.nanoTime();
                    if (wait <= 0 || closed) {
                        return Optional.empty();
                    }
                    appended.awaitNanos(wait);
                    continue;
                }
                segment = entry.getKey();
                size = entry.getValue().size;
                readSegment = segment;
                offset = readOffset;
            } finally {
                appendLock.unlock();
            }
            Optional<Record> record = read(segment, offset, size);
            appendLock.lock();
            try {
                Segment s = segments.get(segment);
                if (record.isPresent()) {
                    s.outstanding++;
                    readOffset = offset + HEADER_BYTES + record.get().payload().length;
                    return record;
                }
                // A torn or damaged tail: nothing after it was acknowledged; skip to the next segment.
                totalBytes -= s.size - offset;
                unstoredBytes -= s.size - offset;
                s.size = offset;
                if (segment == writeSegment) {
                    roll();
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot roll the write-ahead log in " + dir.toAbsolutePath(), e);
            } finally {
                appendLock.unlock();
            }
        }
    }

    /** Marks records stored; a segment whose records are all stored, and which is no longer written, is deleted. */
    public void release(List<Record> records) {
        appendLock.lock();
        try {
            for (Record r : records) {
                unstoredBytes -= HEADER_BYTES + r.payload().length;
                Segment s = segments.get(r.position().segment());
                if (s != null) {
                    s.outstanding--;
                    deleteIfDone(r.position().segment(), s);
                }
            }
        } finally {
            appendLock.unlock();
        }
    }

    /** Bytes on disk, stored or not: what the bound applies to. */
    public long bytes() {
        appendLock.lock();
        try {
            return totalBytes;
        } finally {
            appendLock.unlock();
        }
    }

    /** Bytes of records appended and not yet released. */
    public long unstoredBytes() {
        appendLock.lock();
        try {
            return unstoredBytes;
        } finally {
            appendLock.unlock();
        }
    }

    public long maxBytes() {
        return maxBytes;
    }

    /**
     * Age of the oldest segment that still holds records not yet stored (to the segment's first
     * record), zero when everything appended is stored.
     */
    public Duration oldestAge() {
        appendLock.lock();
        try {
            if (unstoredBytes == 0) {
                return Duration.ZERO;
            }
            return segments.values().stream().filter(s -> s.firstAppendMillis >= 0).findFirst()
                    .map(s -> Duration.ofMillis(Math.max(0, System.currentTimeMillis() - s.firstAppendMillis)))
                    .orElse(Duration.ZERO);
        } finally {
            appendLock.unlock();
        }
    }

    private Optional<Record> read(long segment, long offset, long size) {
        try (FileChannel in = FileChannel.open(file(segment), StandardOpenOption.READ)) {
            ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
            if (offset + HEADER_BYTES > size || readFully(in, header, offset) < HEADER_BYTES) {
                return Optional.empty();
            }
            header.flip();
            int length = header.getInt();
            int checksum = header.getInt();
            byte type = header.get();
            long time = header.getLong();
            if (length < 0 || offset + HEADER_BYTES + length > size) {
                return Optional.empty();
            }
            ByteBuffer payload = ByteBuffer.allocate(length);
            if (readFully(in, payload, offset + HEADER_BYTES) < length) {
                return Optional.empty();
            }
            CRC32C crc = new CRC32C();
            crc.update(header.array(), 8, HEADER_BYTES - 8);
            crc.update(payload.array());
            if ((int) crc.getValue() != checksum) {
                log.warn("Write-ahead log segment {} has a damaged record at offset {}; the rest of the segment is skipped",
                        segment, offset);
                return Optional.empty();
            }
            return Optional.of(new Record(new Position(segment, offset), type, time, payload.array()));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the write-ahead log segment " + file(segment), e);
        }
    }

    private static int readFully(FileChannel in, ByteBuffer into, long at) throws IOException {
        int total = 0;
        while (into.hasRemaining()) {
            int n = in.read(into, at + total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    /** Null when another process, or this one, holds the lock. */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            return null;
        }
    }

    private void deleteIfDone(long number, Segment s) {
        if (s.fullyRead && s.outstanding == 0 && number != writeSegment) {
            try {
                Files.deleteIfExists(file(number));
            } catch (IOException e) {
                log.warn("Cannot delete stored write-ahead log segment {}: {}", file(number), e.toString());
                return;
            }
            segments.remove(number);
            totalBytes -= s.size;
        }
    }

    private void roll() throws IOException {
        writeChannel.force(false);
        writeChannel.close();
        writeSegment++;
        openWriteSegment();
    }

    private void openWriteSegment() throws IOException {
        writeChannel = FileChannel.open(file(writeSegment), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        segments.put(writeSegment, new Segment());
    }

    private Path file(long number) {
        return dir.resolve(String.format("%020d%s", number, SUFFIX));
    }

    private static long number(Path file) {
        String name = file.getFileName().toString();
        return Long.parseLong(name.substring(0, name.length() - SUFFIX.length()));
    }

    @Override
    public void close() {
        appendLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            appended.signalAll();
            if (syncer != null) {
                // Not shutdownNow: interrupting a thread inside FileChannel.force closes the channel.
                syncer.shutdown();
                syncer.awaitTermination(10, TimeUnit.SECONDS);
            }
            writeChannel.force(false);
            writeChannel.close();
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            appendLock.unlock();
        }
    }
}
