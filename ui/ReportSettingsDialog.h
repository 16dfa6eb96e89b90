#pragma once

#include <QDialog>

#include "reports/ReportSettings.h"

class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace NetPulse {

// Where reports and alerts go: the backend's URL, the Alertmanager's URL and the headers sent to
// both. A header's value is never shown: saved values appear as "***" and stay as they are unless
// the line is changed.
class ReportSettingsDialog : public QDialog
{
    Q_OBJECT
public:
    // `waiting`: reports in the outbox now; `overridden`: this run uses URLs from the command line.
    ReportSettingsDialog(const ReportSettings &settings, int waiting, bool overridden, QWidget *parent = nullptr);

    ReportSettings settings() const { return m_settings; }
    // Reads the fields; empty when usable, else the problem.
    QString apply();
    void accept() override;

private:
    ReportSettings m_settings;
    QLineEdit *m_reportUrl;
    QLineEdit *m_alertUrl;
    QPlainTextEdit *m_headers;
    QLabel *m_problem;
};

} // namespace NetPulse
