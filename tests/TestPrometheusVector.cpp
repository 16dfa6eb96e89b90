// Prometheus' instant-query answer read in one pass (the vantage reader's hot path): what it takes
// from each sample, and that anything which is not strict JSON, or not a success with a vector, is
// said as such. Each accepted row is also read by QJsonDocument, which must agree. (Qt's parser is
// the more lenient: it takes a raw tab inside a string and an unknown escape such as \q, which
// RFC 8259 does not allow, and which Prometheus never writes; here they are not JSON.)
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include "vantage/PrometheusVector.h"

using namespace NetPulse;

Q_DECLARE_METATYPE(NetPulse::PrometheusVector::Shape)

class TestPrometheusVector : public QObject
{
    Q_OBJECT

private slots:
    void samples_data();
    void samples();
    void shapes_data();
    void shapes();
};

namespace {

const QList<QByteArray> kLabels{"url", "vantage", "kind"};

// The samples as "url|vantage|kind=value" lines, absent labels as "-".
QStringList describe(const std::vector<PrometheusVector::Sample> &samples)
{
    QStringList lines;
    for (const PrometheusVector::Sample &sample : samples) {
        QStringList labels;
        for (const QString &label : sample.labels)
            labels << (label.isNull() ? QStringLiteral("-") : label);
        lines << labels.join(QLatin1Char('|')) + QLatin1Char('=') + QString::fromUtf8(sample.value);
    }
    return lines;
}

// The same answer read through QJsonDocument, in the same words.
QStringList describeWithQt(const QByteArray &json)
{
    QStringList lines;
    const QJsonArray result =
        QJsonDocument::fromJson(json).object()[QStringLiteral("data")][QStringLiteral("result")].toArray();
    for (const QJsonValue &item : result) {
        if (!item.isObject())
            continue;
        const QJsonObject metric = item[QStringLiteral("metric")].toObject();
        QStringList labels;
        for (const QByteArray &name : kLabels) {
            const QJsonValue label = metric.value(QString::fromLatin1(name));
            labels << (label.isString() ? label.toString() : QStringLiteral("-"));
        }
        lines << labels.join(QLatin1Char('|')) + QLatin1Char('=') + item[QStringLiteral("value")][1].toString();
    }
    return lines;
}

QByteArray vector(const QByteArray &result)
{
    return "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[" + result + "]}}";
}

} // namespace

void TestPrometheusVector::samples_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("as Prometheus writes it")
        << vector("{\"metric\":{\"instance\":\"a:9464\",\"kind\":\"ok\",\"url\":\"http://x/\",\"vantage\":\"eu-1\"},"
                  "\"value\":[1733486400.123,\"1733486390.5\"]}")
        << QStringList{QStringLiteral("http://x/|eu-1|ok=1733486390.5")};
    QTest::newRow("a label missing, another not asked for")
        << vector("{\"metric\":{\"url\":\"http://x/\",\"vantage\":\"eu-1\",\"job\":\"n\"},\"value\":[1,\"10\"]}")
        << QStringList{QStringLiteral("http://x/|eu-1|-=10")};
    QTest::newRow("members in any order, with whitespace")
        << QByteArray(" {\n \"data\" : { \"result\" : [ { \"value\" : [ 1 , \"NaN\" ] , \"metric\" : { \"vantage\" : "
                      "\"b\" } } ] , \"resultType\" : \"vector\" } , \"status\" : \"success\" }\r\n")
        << QStringList{QStringLiteral("-|b|-=NaN")};
    QTest::newRow("escapes") << vector("{\"metric\":{\"url\":\"http://x/?q=\\\"a\\\\b\\/\\u00e9\\ud83d\\ude00\\n\"},"
                                       "\"value\":[1,\"2\"]}")
                             << QStringList{QStringLiteral("http://x/?q=\"a\\b/\u00e9\U0001F600\n|-|-=2")};
    QTest::newRow("an escaped label name") << vector("{\"metric\":{\"\\u0075rl\":\"http://x/\"},\"value\":[1,\"2\"]}")
                                           << QStringList{QStringLiteral("http://x/|-|-=2")};
    QTest::newRow("UTF-8 as it is") << vector("{\"metric\":{\"vantage\":\"k\xc3\xb6ln\"},\"value\":[1,\"2\"]}")
                                    << QStringList{QStringLiteral("-|k\u00f6ln|-=2")};
    QTest::newRow("labels that are not strings")
        << vector("{\"metric\":{\"url\":7,\"vantage\":null,\"kind\":[\"ok\"]},\"value\":[1,\"2\"]}")
        << QStringList{QStringLiteral("-|-|-=2")};
    QTest::newRow("a value that is not a string")
        << vector("{\"metric\":{\"url\":\"u\"},\"value\":[1,2]}") << QStringList{QStringLiteral("u|-|-=")};
    QTest::newRow("extra members and nesting skipped")
        << QByteArray(
               "{\"status\":\"success\",\"warnings\":[\"w\"],\"data\":{\"resultType\":\"vector\",\"stats\":{\"a\":"
               "[{\"b\":[true,false,null,-1.5e-3]}]},\"result\":[{\"metric\":{\"url\":\"u\"},\"histogram\":{},"
               "\"value\":[1,\"3\",\"extra\"]}]}}")
        << QStringList{QStringLiteral("u|-|-=3")};
    QTest::newRow("many") << vector("{\"metric\":{\"url\":\"a\"},\"value\":[1,\"1\"]},{\"metric\":{\"url\":\"b\"},"
                                    "\"value\":[1,\"2\"]},{\"metric\":{},\"value\":[]}")
                          << QStringList{QStringLiteral("a|-|-=1"), QStringLiteral("b|-|-=2"),
                                         QStringLiteral("-|-|-=")};
    QTest::newRow("empty") << vector("") << QStringList{};
    // A member twice: the last one stands, as QJsonDocument reads it too.
    QTest::newRow("a second metric replaces the first")
        << vector("{\"metric\":{\"url\":\"a\",\"vantage\":\"v\"},\"metric\":{\"url\":\"b\"},\"value\":[1,\"2\"]}")
        << QStringList{QStringLiteral("b|-|-=2")};
    QTest::newRow("a second value replaces the first")
        << vector("{\"metric\":{\"url\":\"a\"},\"value\":[1,\"2\"],\"value\":[1,3]}")
        << QStringList{QStringLiteral("a|-|-=")};
}

void TestPrometheusVector::samples()
{
    QFETCH(QByteArray, json);
    QFETCH(QStringList, expected);
    std::vector<PrometheusVector::Sample> samples;
    QString error;
    QCOMPARE(PrometheusVector::read(json, kLabels, &samples, &error), PrometheusVector::Shape::Vector);
    QCOMPARE(describe(samples), expected);
    QJsonParseError parseError{};
    QJsonDocument::fromJson(json, &parseError);
    QCOMPARE(parseError.error, QJsonParseError::NoError); // the rows are JSON by Qt's reading too
    QCOMPARE(describe(samples), describeWithQt(json));
}

void TestPrometheusVector::shapes_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<PrometheusVector::Shape>("shape");
    QTest::addColumn<QString>("error");
    using S = PrometheusVector::Shape;
    QTest::newRow("an error") << QByteArray("{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"parse "
                                            "error at char 5\"}")
                              << S::Failed << QStringLiteral("parse error at char 5");
    QTest::newRow("a matrix") << QByteArray("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":"
                                            "[{\"metric\":{},\"values\":[[1,\"2\"]]}]}}")
                              << S::NotVector << QString();
    QTest::newRow("a scalar") << QByteArray("{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":"
                                            "[1,\"2\"]}}")
                              << S::NotVector << QString();
    QTest::newRow("no status") << QByteArray("{\"data\":{}}") << S::NotJson << QString();
    QTest::newRow("an empty object") << QByteArray("{}") << S::NotJson << QString();
    QTest::newRow("HTML") << QByteArray("<html>502 Bad Gateway</html>") << S::NotJson << QString();
    QTest::newRow("empty") << QByteArray() << S::NotJson << QString();
    QTest::newRow("an array") << QByteArray("[]") << S::NotJson << QString();
    QTest::newRow("cut short") << vector("{\"metric\":{\"url\":\"a\"},\"value\":[1,\"1\"]}").chopped(3) << S::NotJson
                               << QString();
    QTest::newRow("trailing bytes") << vector("") + "x" << S::NotJson << QString();
    QTest::newRow("two documents") << vector("") + vector("") << S::NotJson << QString();
    QTest::newRow("a trailing comma") << vector("{\"metric\":{},\"value\":[1,\"1\"]},") << S::NotJson << QString();
    QTest::newRow("single quotes") << QByteArray("{'status':'success'}") << S::NotJson << QString();
    QTest::newRow("a control character in a string")
        << vector("{\"metric\":{\"url\":\"a\tb\"},\"value\":[1,\"1\"]}") << S::NotJson << QString();
    QTest::newRow("a bad escape") << vector("{\"metric\":{\"url\":\"a\\qb\"},\"value\":[1,\"1\"]}") << S::NotJson
                                  << QString();
    QTest::newRow("a short \\u") << vector("{\"metric\":{\"url\":\"\\u12\"},\"value\":[1,\"1\"]}") << S::NotJson
                                 << QString();
    QTest::newRow("a bad number") << vector("{\"metric\":{},\"value\":[01,\"1\"]}") << S::NotJson << QString();
    QTest::newRow("a bare word") << vector("{\"metric\":{},\"value\":[nul,\"1\"]}") << S::NotJson << QString();
    QTest::newRow("a second data without a type")
        << QByteArray("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]},\"data\":{"
                      "\"result\":[]}}")
        << S::NotVector << QString();
    QTest::newRow("nested beyond reason")
        << QByteArray("{\"status\":\"success\",\"x\":") + QByteArray(100000, '[') << S::NotJson << QString();
}

void TestPrometheusVector::shapes()
{
    QFETCH(QByteArray, json);
    QFETCH(PrometheusVector::Shape, shape);
    QFETCH(QString, error);
    std::vector<PrometheusVector::Sample> samples;
    QString said;
    QCOMPARE(PrometheusVector::read(json, kLabels, &samples, &said), shape);
    QCOMPARE(said, error);
    QVERIFY(samples.empty());
}

QTEST_GUILESS_MAIN(TestPrometheusVector)
#include "TestPrometheusVector.moc"
