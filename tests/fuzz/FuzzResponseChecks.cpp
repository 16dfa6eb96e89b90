// Response checks against a server's body: the first line is the checks (an endpoint file's
// "expect" object, so regular expressions and JSON Pointers come from the input too), the rest the
// body they are applied to.
#include <QJsonDocument>
#include <QJsonObject>

#include "FuzzInput.h"

#include "probe/ProbeResult.h"
#include "probe/ResponseChecks.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray input = NetPulse::Fuzz::bytes(data, size);
    const qsizetype split = input.indexOf('\n');
    const QByteArray expect = split < 0 ? input : input.left(split);
    QList<QPair<QString, QString>> errors;
    QList<QPair<QString, QString>> warnings;
    const NetPulse::ResponseChecks checks =
        NetPulse::ResponseChecks::fromJson(QJsonDocument::fromJson(expect).object(), &errors, &warnings);
    NetPulse::ProbeResult result;
    result.kind = NetPulse::FailureKind::Ok;
    result.httpStatus = 200;
    result.body = split < 0 ? QByteArray() : input.mid(split + 1);
    result.bytesReceived = result.body.size();
    result.responseHeaders = {{"Content-Type", "application/json"}};
    checks.apply(&result);
    NetPulse::ResponseChecks::valueAt(QJsonDocument::fromJson(result.body).object(), QString::fromUtf8(expect));
    QString problem;
    NetPulse::ResponseChecks::parseStatuses(QString::fromUtf8(expect), &problem);
    return 0;
}
