#pragma once

#include <vector>

#include <QByteArray>
#include <QList>
#include <QString>

namespace NetPulse {

// Prometheus' answer to an instant query (/api/v1/query), read in one pass over its bytes: for
// each sample only the labels asked for, and its value as Prometheus wrote it. QJsonDocument
// builds every object of the answer first (two containers per sample); for 10 agents x 1,000
// endpoints (20,000 samples, 3 MB) that cost the vantage view more than Prometheus' own
// evaluation (docs/PERFORMANCE.md). JSON's grammar as RFC 8259 writes it: anything else is said,
// not guessed (QJsonDocument is more lenient: a raw tab in a string, an escape such as \q). Bytes
// that are not UTF-8 inside a string are read as U+FFFD, where QJsonDocument refuses the answer.
class PrometheusVector
{
public:
    enum class Shape
    {
        Vector,    // status "success", resultType "vector": the samples are read
        NotJson,   // not JSON, or not an object
        Failed,    // status other than "success": error() says Prometheus' words
        NotVector, // a success of another result type (matrix, scalar, string)
    };

    struct Sample
    {
        QList<QString> labels; // in the order asked for; a null QString for one the sample lacks
        QByteArray value;      // the value's text ("1733486390.5", "NaN"); empty when not a string
    };

    // `labels`: the label names to keep, as bytes (ASCII).
    static Shape read(const QByteArray &json, const QList<QByteArray> &labels, std::vector<Sample> *samples,
                      QString *error);
};

} // namespace NetPulse
