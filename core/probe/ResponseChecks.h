#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QPair>
#include <QString>

namespace NetPulse {

struct ProbeResult;

// What makes "up" mean up for one endpoint, beyond HTTP's own verdict (docs/endpoint-file.md,
// "expect"): accepted status codes, text the body must or must not contain, a regular expression,
// a JSON value at a path, a header's value, a certificate valid for N more days, a time limit.
// Checked on answers HTTP accepted (and on statuses the list accepts); the first check that fails
// turns the result into check_failed, saying the check, the value seen and what was expected, as
// Gatus does ("body /status was "DOWN", expected "UP"").
struct ResponseChecks
{
    struct StatusRange
    {
        int low = 0;
        int high = 0;
        bool operator==(const StatusRange &other) const { return low == other.low && high == other.high; }
    };

    QList<StatusRange> statuses; // empty: 2xx and 3xx, as HTTP says
    QString bodyContains;        // case-sensitive
    QString bodyNotContains;
    QString bodyRegex;     // QRegularExpression syntax; checked when read
    QString jsonPath;      // a JSON Pointer (RFC 6901), "/status"
    QJsonValue jsonEquals; // with jsonPath
    QByteArray headerName; // any case
    QString headerEquals;  // with headerName; or:
    QString headerContains;
    int certificateMinDays = 0; // 0: no check
    int maxMs = 0;              // 0: no check; slower than this is a failure

    bool isEmpty() const { return *this == ResponseChecks(); }
    bool operator==(const ResponseChecks &other) const;

    // Applies the checks to a finished result (changes kind, detail and failedCheck).
    void apply(ProbeResult *result) const;

    // The "expect" object of an endpoint file. Problems are (field under "expect", message).
    static ResponseChecks fromJson(const QJsonObject &object, QList<QPair<QString, QString>> *errors,
                                   QList<QPair<QString, QString>> *warnings);
    QJsonObject toJson() const;
    // "200-299, 301" and back; the problem in words.
    static QList<StatusRange> parseStatuses(const QString &text, QString *problem);
    static QString statusesText(const QList<StatusRange> &statuses);
    // A JSON Pointer's value in `document`; nullopt when the path leads nowhere.
    static std::optional<QJsonValue> valueAt(const QJsonValue &document, const QString &pointer);
};

} // namespace NetPulse
