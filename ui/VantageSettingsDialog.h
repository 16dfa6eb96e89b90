#pragma once

#include <QDialog>
#include <QPointer>

#include "vantage/VantageReader.h"

class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace NetPulse {

// Where the other vantage points are read from (docs/vantage.md): a Prometheus URL, headers for a
// token, a CA file, how often. "Test" reads once with what the fields say and tells the answer
// (how many vantage points and URLs, or the problem) without saving anything. Secrets are never
// shown: a saved header value and the URL's password appear as "***" and stay unless changed.
class VantageSettingsDialog : public QDialog
{
    Q_OBJECT
public:
    // `here`: this machine's vantage name; `overridden`: this run reads --vantages-from instead.
    VantageSettingsDialog(const VantageSource &source, const QString &here, bool overridden, QWidget *parent = nullptr);
    ~VantageSettingsDialog() override;

    VantageSource source() const { return m_source; }
    // Reads the fields into `out`; empty when usable, else the problem.
    QString read(VantageSource *out) const;
    void accept() override;

private:
    void test();

    VantageSource m_source; // as saved, then as accepted
    QString m_here;
    QLineEdit *m_url;
    QPlainTextEdit *m_headers;
    QLineEdit *m_caFile;
    QSpinBox *m_every;
    QPushButton *m_testButton;
    QLabel *m_testResult;
    QLabel *m_problem;
    QPointer<VantageReader> m_trial; // the Test button's one reading
};

} // namespace NetPulse
