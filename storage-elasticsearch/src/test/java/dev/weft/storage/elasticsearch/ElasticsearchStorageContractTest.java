package dev.weft.storage.elasticsearch;

import dev.weft.storage.StorageComponent;
import dev.weft.storage.StorageContractTest;
import org.junit.jupiter.api.AfterEach;

/** The shared storage contract against a real Elasticsearch, each test under its own index prefix. */
class ElasticsearchStorageContractTest extends StorageContractTest {

    private final String prefix = TestElasticsearch.uniquePrefix();
    private ElasticsearchStorage elasticsearch;

    @Override
    protected StorageComponent emptyStorage() {
        elasticsearch = TestElasticsearch.start(prefix);
        return elasticsearch;
    }

    @Override
    protected void awaitWritten() {
        elasticsearch.refresh();
    }

    @AfterEach
    void deleteIndices() {
        elasticsearch.close();
        TestElasticsearch.deleteAll(prefix);
    }
}
