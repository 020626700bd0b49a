package dev.weft.collector.http;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * Reads a request body into memory, inflating gzip, and refuses anything larger than the limit:
 * the body as sent, and again the inflated body, where reading stops as soon as the limit is
 * crossed so that a few kilobytes of gzip bomb never become gigabytes in the heap.
 */
final class BoundedBodyReader {

    private final int maxBytes;

    BoundedBodyReader(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * @throws ResponseStatusException 413 when too large, 415 for a content coding other than
     *                                 gzip, 400 for a body that is not valid gzip
     * @throws IOException             when reading from the client fails
     */
    byte[] read(InputStream body, HttpHeaders headers) throws IOException {
        if (headers.getContentLength() > maxBytes) {
            throw tooLarge("Request body of " + headers.getContentLength() + " bytes");
        }
        byte[] raw = readAtMost(body, "Request body");
        String coding = headers.getFirst(HttpHeaders.CONTENT_ENCODING);
        if (coding == null || coding.isBlank() || coding.strip().equalsIgnoreCase("identity")) {
            return raw;
        }
        if (!coding.strip().equalsIgnoreCase("gzip")) {
            throw new ResponseStatusException(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Encoding '" + coding + "' is not supported; send gzip or no encoding");
        }
        try (InputStream inflated = new GZIPInputStream(new ByteArrayInputStream(raw))) {
            return readAtMost(inflated, "Decompressed request body");
        } catch (IOException e) {
            // The compressed bytes are already in memory: any I/O error here is a corrupt body.
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "Malformed gzip body: " + e.getMessage());
        }
    }

    private byte[] readAtMost(InputStream in, String what) throws IOException {
        byte[] bytes = in.readNBytes(maxBytes);
        if (in.read() != -1) {
            throw tooLarge(what);
        }
        return bytes;
    }

    private ResponseStatusException tooLarge(String what) {
        return new ResponseStatusException(HttpStatus.CONTENT_TOO_LARGE,
                what + " exceeds the limit of " + maxBytes + " bytes (weft.collector.max-request-bytes)");
    }
}
