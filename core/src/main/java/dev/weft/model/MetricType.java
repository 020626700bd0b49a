package dev.weft.model;

public enum MetricType {
    GAUGE, SUM, HISTOGRAM, EXPONENTIAL_HISTOGRAM, SUMMARY
}
