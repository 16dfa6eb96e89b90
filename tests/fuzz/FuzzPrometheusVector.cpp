// Prometheus' answers to the vantage reader's query, read in one pass (vantage/PrometheusVector):
// whatever a Prometheus, or anything answering in its place, sends.
#include "FuzzInput.h"

#include "vantage/PrometheusVector.h"
#include "vantage/VantageReader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray json = NetPulse::Fuzz::bytes(data, size);
    const QList<QByteArray> labels{"url", "vantage", "kind"};
    std::vector<NetPulse::PrometheusVector::Sample> samples;
    QString error;
    const auto shape = NetPulse::PrometheusVector::read(json, labels, &samples, &error);
    FUZZ_REQUIRE(shape == NetPulse::PrometheusVector::Shape::Vector || samples.empty());
    for (const auto &sample : samples)
        FUZZ_REQUIRE(sample.labels.size() == labels.size()); // one slot per label asked for
    QString problem;
    const auto readings = NetPulse::VantageReader::readAnswer(json, &problem);
    FUZZ_REQUIRE(problem.isEmpty() || readings.isEmpty()); // a problem never comes with readings
    for (const auto &list : readings) {
        for (const auto &reading : list)
            FUZZ_REQUIRE(!reading.vantage.isEmpty() && reading.checkedAt.isValid());
    }
    return 0;
}
