package dev.weft.storage.elasticsearch;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class LuceneRegexpTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '§', nullValues = "null", textBlock = """
            cart|checkout => cart|checkout
            GET /.* => GET /.*
            ^check.*t$ => check.*t
            [a-z]+-cart => [a-z]+-cart
            [^0-9\\]]x => [^0-9\\]]x
            a{2,3}b{4}c{1,} => a{2,3}b{4}c{1,}
            (?:ab)+? => (ab)+
            \\d\\w => [0-9][a-zA-Z0-9_]
            [\\d.] => [0-9\\.]
            a\\.b\\$ => a\\.b\\$
            say "hi" @ #1 <x> & ~y => say \\"hi\\" \\@ \\#1 \\<x\\> \\& \\~y
            (?i)get => null
            a(?=b) => null
            \\bword => null
            \\s+ => null
            a*+b => null
            a^b => null
            [[a]] => null
            [a&&b] => null
            a{x} => null
            """)
    void translatesOnlyWhatMeansTheSame(String java, String lucene) {
        assertThat(LuceneRegexp.translate(java)).isEqualTo(lucene);
    }
}
