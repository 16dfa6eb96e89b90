// Longer than most files here, on purpose: it is the window's wiring — building the widgets, the
// menus and the slots they call — and each slot is a few lines of calls into EndpointList or
// EndpointFile. The views with behaviour of their own (sidebar, banner, data, dashboard, log) are
// their own classes already.
#include "MainWindow.h"

#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDesktopServices>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QPixmapCache>
#include <QPointer>
#include <QPushButton>
#include <QScreen>
#include <QSet>
#include <QSettings>
#include <QShortcut>
#include <QSplitter>
#include <QStatusBar>
#include <QTabBar>
#include <QTableWidget>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>

#include "DashboardView.h"
#include "DataView.h"
#include "ElidedLabel.h"
#include "EndpointListModel.h"
#include "EndpointSettingsDialog.h"
#include "EndpointSidebar.h"
#include "EventLogPage.h"
#include "Presentation.h"
#include "StatusBanner.h"
#include "TrayNotifier.h"

#include "base/WholeFile.h"
#include "endpoints/EndpointFile.h"
#include "endpoints/EndpointList.h"
#include "endpoints/EndpointMerge.h"
#include "probe/Redactor.h"
#include "probe/UrlValidator.h"
#include "vantage/VantageReader.h"

namespace NetPulse {

namespace {

// How long a removed endpoint can be brought back with Undo.
constexpr int kUndoMs = 30000; // also in the "Nothing to undo" note

} // namespace

MainWindow::MainWindow(EndpointList *endpoints, EventLog *log, QSettings *settings, QWidget *parent)
    : QMainWindow(parent)
    , m_endpoints(endpoints)
    , m_settings(settings)
    , m_notifier(new TrayNotifier(this))
{
    Presentation::ensureResources();
    // Repaints of dozens of changing rows fill Qt's pixmap cache with style pixmaps up to its 10 MB
    // default, which reads as slow growth in a window left open all day; a quarter of it is plenty
    // (docs/PERFORMANCE.md).
    QPixmapCache::setCacheLimit(2560);
    setWindowTitle(tr("NetPulse"));
    setWindowIcon(QIcon(QStringLiteral(":/netpulse/icons/netpulse.svg")));
    buildUi(log);
    buildMenus();
    m_notifier->setEndpoints(m_endpoints->endpoints());
    connect(m_endpoints, &EndpointList::edited, this, [this] { m_notifier->setEndpoints(m_endpoints->endpoints()); });
    connect(m_notifier, &TrayNotifier::showWindowRequested, this, [this] {
        showNormal();
        raise();
        activateWindow();
    });
    connect(m_notifier, &TrayNotifier::muteChanged, this, &MainWindow::showMuteState);
    connect(m_notifier, &TrayNotifier::muteChanged, this, &MainWindow::saveMute);
    connect(m_logPage, &EventLogPage::noteRaised, this, &MainWindow::setNote);
    m_undoExpiry.setSingleShot(true);
    m_undoExpiry.setInterval(kUndoMs);
    connect(&m_undoExpiry, &QTimer::timeout, this, [this] {
        m_removed.clear();
        hideUndoButton();
    });
    restoreState();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildUi(EventLog *log)
{
    // The add bar: typing a URL and pressing Enter (or +) adds an endpoint; it never edits one.
    m_urlEdit = new QLineEdit(this);
    m_urlEdit->setObjectName(QStringLiteral("urlEdit"));
    m_urlEdit->setPlaceholderText(tr("http://127.0.0.1:8080/health — Enter adds it as a new endpoint"));
    m_urlEdit->setClearButtonEnabled(true);
    m_methodCombo = new QComboBox(this);
    m_methodCombo->setObjectName(QStringLiteral("methodCombo"));
    m_methodCombo->addItems(commonMethods());
    m_methodCombo->setEditable(true); // any method token the settings accept, not only the common ones
    m_methodCombo->setAccessibleName(tr("Method"));
    m_methodCombo->lineEdit()->setAccessibleName(tr("Method"));
    m_addButton = new QPushButton(tr("&Add"), this);
    m_addButton->setObjectName(QStringLiteral("addButton"));
    m_addButton->setToolTip(tr("Add the URL as a new endpoint (Enter). For headers and timings: Endpoint ▸ Add "
                               "with settings…"));
    m_urlError = new QLabel(this);
    m_urlError->setObjectName(QStringLiteral("urlErrorLabel"));
    m_urlError->setStyleSheet(Presentation::styleSheet(Presentation::Style::ErrorText));
    // Always there, one line tall, empty when all is well: an error never pushes the window down.
    m_urlError->setFixedHeight(fontMetrics().height() + 2);
    auto *bar = new QHBoxLayout;
    auto *urlLabel = new QLabel(tr("New end&point:"), this);
    urlLabel->setBuddy(m_urlEdit);
    bar->addWidget(urlLabel);
    bar->addWidget(m_urlEdit, 1);
    bar->addWidget(m_methodCombo);
    bar->addWidget(m_addButton);

    m_sidebar = new EndpointSidebar(m_endpoints, this);

    // The selected endpoint: its name and controls, the banner, the tabs.
    m_endpointName = new ElidedLabel(this, Qt::ElideMiddle);
    m_endpointName->setObjectName(QStringLiteral("endpointHeader"));
    m_startStop = new QPushButton(tr("&Stop"), this);
    m_startStop->setObjectName(QStringLiteral("startStopButton"));
    m_settingsButton = new QPushButton(tr("Se&ttings…"), this);
    m_settingsButton->setObjectName(QStringLiteral("settingsButton"));
    m_settingsButton->setToolTip(tr("Name, URL, method, headers, timings, retries (Ctrl+,)"));
    auto *header = new QHBoxLayout;
    header->addWidget(m_endpointName, 1);
    header->addWidget(m_startStop);
    header->addWidget(m_settingsButton);
    m_banner = new StatusBanner(this);
    // The tab widget before its pages: Tab follows the order widgets are made in, and the pages'
    // content came before the tab bar above it.
    m_tabs = new QTabWidget(this);
    m_dataView = new DataView(this);
    m_dashboard = new DashboardView(this);
    m_logPage = new EventLogPage(log, m_endpoints, this);
    m_tabs->setObjectName(QStringLiteral("tabs"));
    m_tabs->addTab(m_dataView, tr("&Data"));
    m_tabs->addTab(m_dashboard, tr("Dash&board"));
    m_tabs->addTab(m_logPage, tr("Event &log"));
    auto *right = new QWidget(this);
    auto *rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addLayout(header);
    rightLayout->addWidget(m_banner);
    rightLayout->addWidget(m_tabs, 1);

    m_splitter = new QSplitter(this);
    m_splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_splitter->addWidget(m_sidebar);
    m_splitter->addWidget(right);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setCollapsible(0, false);
    m_splitter->setCollapsible(1, false);
    m_splitter->setSizes({260, 840});

    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->addLayout(bar);
    layout->addWidget(m_urlError);
    layout->addWidget(m_splitter, 1);
    setCentralWidget(central);
    m_note = new ElidedLabel(this);
    m_note->setObjectName(QStringLiteral("noteLabel"));
    m_undoButton = new QPushButton(tr("&Undo remove"), this);
    m_undoButton->setObjectName(QStringLiteral("undoRemoveButton"));
    m_undoButton->setVisible(false);
    m_muted = new QLabel(this);
    m_muted->setObjectName(QStringLiteral("mutedLabel"));
    statusBar()->addWidget(m_note, 1);
    statusBar()->addPermanentWidget(m_undoButton);
    statusBar()->addPermanentWidget(m_muted);
    m_vantageLabel = new QLabel(this);
    m_vantageLabel->setObjectName(QStringLiteral("vantageLabel"));
    m_vantageLabel->setVisible(false);
    statusBar()->addPermanentWidget(m_vantageLabel);
    // A first start on a small screen: never larger than the screen (the saved size wins later).
    const QSize available = screen() ? screen()->availableGeometry().size() : QSize(1100, 700);
    resize(QSize(1100, 700).boundedTo(available));

    connect(m_urlEdit, &QLineEdit::textChanged, this, [this](const QString &text) {
        const UrlValidator::Result parsed = UrlValidator::parse(text);
        showUrlProblem(!text.trimmed().isEmpty() && !parsed.ok()
                           ? tr("Not a URL NetPulse can watch: %1.").arg(parsed.error)
                           : QString());
    });
    connect(m_urlEdit, &QLineEdit::returnPressed, this, &MainWindow::addEndpointFromUrlField);
    connect(m_addButton, &QPushButton::clicked, this, &MainWindow::addEndpointFromUrlField);
    connect(m_startStop, &QPushButton::clicked, this, &MainWindow::toggleWatching);
    connect(m_settingsButton, &QPushButton::clicked, this, &MainWindow::editSelectedSettings);
    connect(m_undoButton, &QPushButton::clicked, this, &MainWindow::undoRemove);
    connect(m_sidebar, &EndpointSidebar::addRequested, this, [this] {
        if (!addEndpointFromUrlField())
            m_urlEdit->setFocus();
    });
    connect(m_sidebar, &EndpointSidebar::removeRequested, this, &MainWindow::removeSelected);
    connect(m_sidebar, &EndpointSidebar::selectionChanged, this, &MainWindow::onSelectionChanged);
    onSelectionChanged();
}

void MainWindow::buildMenus()
{
    QMenu *fileMenu = menuBar()->addMenu(tr("&File"));
    QAction *importAction = fileMenu->addAction(tr("&Import endpoints…"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Import endpoints"), QString(),
                                                          tr("Endpoint files (*.json);;All files (*)"));
        if (!path.isEmpty())
            importFrom(path, true);
    });
    importAction->setObjectName(QStringLiteral("importAction"));
    QAction *exportAction = fileMenu->addAction(tr("&Export endpoints…"), this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export endpoints"), QStringLiteral("netpulse-endpoints.json"), tr("Endpoint files (*.json)"));
        if (!path.isEmpty())
            exportTo(path);
    });
    exportAction->setObjectName(QStringLiteral("exportAction"));
    fileMenu->addSeparator();
    fileMenu->addAction(tr("&Watch endpoint file…"), this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Watch endpoint file"), QString(),
                                                          tr("Endpoint files (*.json);;All files (*)"));
        if (!path.isEmpty())
            emit watchFileRequested(path);
    });
    m_stopWatchingFile =
        fileMenu->addAction(tr("Sto&p watching the file"), this, [this] { emit watchFileRequested(QString()); });
    m_stopWatchingFile->setObjectName(QStringLiteral("stopWatchingFileAction"));
    m_stopWatchingFile->setEnabled(false);
    fileMenu->addSeparator();
    QAction *vantages = fileMenu->addAction(tr("&Vantage points…"), this, &MainWindow::vantageSettingsRequested);
    vantages->setObjectName(QStringLiteral("vantageSettingsAction"));
    fileMenu->addSeparator();
    QAction *quit = fileMenu->addAction(tr("&Quit"), QKeySequence(Qt::CTRL | Qt::Key_Q), qApp, &QApplication::quit);
    quit->setObjectName(QStringLiteral("quitAction"));
    QMenu *endpointMenu = menuBar()->addMenu(tr("&Endpoint"));
    endpointMenu->addAction(tr("&New endpoint…"), QKeySequence::New, this, [this] {
        m_urlEdit->setFocus();
        m_urlEdit->selectAll();
    });
    endpointMenu->addAction(tr("&Add with settings…"), this, &MainWindow::addEndpointWithSettings);
    endpointMenu->addSeparator();
    endpointMenu->addAction(tr("Se&ttings…"), QKeySequence(Qt::CTRL | Qt::Key_Comma), this,
                            &MainWindow::editSelectedSettings);
    endpointMenu->addAction(tr("Rena&me"), QKeySequence(Qt::Key_F2), m_sidebar, &EndpointSidebar::renameSelected);
    QAction *find =
        endpointMenu->addAction(tr("&Find in the list"), QKeySequence::Find, m_sidebar, &EndpointSidebar::focusFilter);
    find->setObjectName(QStringLiteral("findEndpointAction"));
    m_startStopAction = endpointMenu->addAction(tr("&Stop watching"), this, &MainWindow::toggleWatching);
    QAction *checkNow = endpointMenu->addAction(tr("&Check now"), this, &MainWindow::retryNow);
    checkNow->setShortcuts({QKeySequence(Qt::Key_F5), QKeySequence(Qt::CTRL | Qt::Key_R)});
    endpointMenu->addSeparator();
    // Delete removes only while the list has the focus: in the URL bar, a text box or a table it
    // is that widget's own key. The menu shows it all the same.
    QAction *remove = endpointMenu->addAction(tr("&Remove"), QKeySequence::Delete, this, &MainWindow::removeSelected);
    remove->setObjectName(QStringLiteral("removeAction"));
    remove->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    m_sidebar->addAction(remove);
    QAction *undo = endpointMenu->addAction(tr("&Undo remove"), QKeySequence::Undo, this, &MainWindow::undoRemove);
    undo->setObjectName(QStringLiteral("undoRemoveAction"));
    endpointMenu->addAction(tr("Restore &demo endpoints"), this, &MainWindow::restoreDemoRequested);
    QMenu *notifications = menuBar()->addMenu(tr("&Notifications"));
    notifications->addMenu(m_notifier->muteMenu());
    QAction *reports = notifications->addAction(tr("&Reports and alerts…"), this, &MainWindow::reportSettingsRequested);
    reports->setObjectName(QStringLiteral("reportSettingsAction"));
    QMenu *help = menuBar()->addMenu(tr("&Help"));
    QAction *keys = help->addAction(tr("&Keyboard shortcuts"), QKeySequence::HelpContents, this,
                                    &MainWindow::showKeyboardShortcuts);
    keys->setObjectName(QStringLiteral("keyboardShortcutsAction"));
    help->addAction(tr("&About NetPulse"), this, [this] {
        QMessageBox::about(this, tr("About NetPulse"),
                           tr("<p><b>NetPulse %1</b></p><p>Watches service URLs and says, in plain words, why one "
                              "cannot be reached.</p><p>Built with Qt %2.</p>")
                               .arg(QStringLiteral(NETPULSE_VERSION), QString::fromLatin1(qVersion())));
    });
}

void MainWindow::showKeyboardShortcuts()
{
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Keyboard shortcuts"));
    auto *table = new QTableWidget(0, 2, &dialog);
    table->setObjectName(QStringLiteral("shortcutsTable"));
    table->setAccessibleName(tr("Keyboard shortcuts"));
    table->setHorizontalHeaderLabels({tr("Action"), tr("Keys")});
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setTabKeyNavigation(false); // Tab leaves the table
    table->verticalHeader()->hide();
    table->verticalHeader()->setDefaultSectionSize(table->fontMetrics().height() + 8); // a list, not a grid of cells
    table->horizontalHeader()->setStretchLastSection(true);
    const auto addRow = [table](const QString &action, const QString &keys) {
        const int row = table->rowCount();
        table->insertRow(row);
        table->setItem(row, 0, new QTableWidgetItem(action));
        table->setItem(row, 1, new QTableWidgetItem(keys));
    };
    for (QAction *menuAction : menuBar()->actions()) {
        const QMenu *menu = menuAction->menu();
        if (!menu)
            continue;
        const QString menuTitle = QString(menuAction->text()).remove(QLatin1Char('&'));
        const QKeySequence menuKey = QKeySequence::mnemonic(menuAction->text());
        if (!menuKey.isEmpty()) // (a translation without '&' has none)
            addRow(
                menuTitle,
                QKeySequence(QKeyCombination(Qt::ALT, Qt::Key(menuKey[0].key()))).toString(QKeySequence::NativeText));
        for (QAction *action : menu->actions()) {
            if (action->shortcuts().isEmpty() || !action->isVisible())
                continue;
            QStringList keys;
            for (const QKeySequence &key : action->shortcuts())
                keys << key.toString(QKeySequence::NativeText);
            QString text = QString(action->text()).remove(QLatin1Char('&'));
            if (text.endsWith(QChar(0x2026)))
                text.chop(1);
            if (action->shortcutContext() == Qt::WidgetWithChildrenShortcut)
                text = tr("%1 (in the list)").arg(text); // Delete: the list's key only
            addRow(menuTitle + QStringLiteral(" \u25b8 ") + text, keys.join(tr(" or ")));
        }
    }
    addRow(tr("Next tab, previous tab"),
           tr("%1, %2").arg(QKeySequence(Qt::CTRL | Qt::Key_Tab).toString(QKeySequence::NativeText),
                            QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Tab).toString(QKeySequence::NativeText)));
    for (int tab = 0; tab < m_tabs->count(); ++tab) {
        const QKeySequence key = QKeySequence::mnemonic(m_tabs->tabText(tab));
        if (!key.isEmpty())
            addRow(tr("The %1 tab").arg(QString(m_tabs->tabText(tab)).remove(QLatin1Char('&'))),
                   QKeySequence(QKeyCombination(Qt::ALT, Qt::Key(key[0].key()))).toString(QKeySequence::NativeText));
    }
    addRow(tr("Next control, previous control"), tr("Tab, Shift+Tab"));
    addRow(tr("A button or field with an underlined letter"), tr("Alt and that letter"));
    table->resizeColumnsToContents();
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, &dialog);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    auto *layout = new QVBoxLayout(&dialog);
    layout->addWidget(table);
    layout->addWidget(buttons);
    dialog.resize(std::min(560, width()), std::min(520, height()));
    dialog.exec();
}

QString MainWindow::importFrom(const QString &path, bool offerValidPart)
{
    const QString name = QFileInfo(path).fileName();
    EndpointFileContents file = EndpointFile::read(path);
    if (!file.ok()) {
        // Errors and warnings together, each naming its endpoint: one hides no other.
        const QStringList problems = file.problemLines(name);
        const QString message = tr("Nothing imported from %1:").arg(name);
        setNote(message + QLatin1Char(' ') + file.errors.first().text(name));
        if (offerValidPart && isVisible()) {
            QMessageBox box(QMessageBox::Warning, tr("Import endpoints"), message, QMessageBox::Cancel, this);
            box.setInformativeText(
                problems.mid(0, 12).join(QLatin1Char('\n')) +
                (problems.size() > 12 ? tr("\n…and %n more", nullptr, int(problems.size() - 12)) : QString()));
            box.setDetailedText(problems.join(QLatin1Char('\n')));
            QPushButton *importValid =
                file.usable.isEmpty()
                    ? nullptr
                    : box.addButton(tr("Import the %n valid endpoint(s)", nullptr, int(file.usable.size())),
                                    QMessageBox::AcceptRole);
            QPushButton *open = box.addButton(tr("Open the file"), QMessageBox::ActionRole);
            box.exec();
            if (box.clickedButton() == open)
                QDesktopServices::openUrl(QUrl::fromLocalFile(path));
            if (!importValid || box.clickedButton() != importValid)
                return message + QLatin1Char(' ') + problems.join(QStringLiteral("; "));
            file.endpoints = file.usable;
        } else {
            return message + QLatin1Char(' ') + problems.join(QStringLiteral("; "));
        }
    }
    // By name, as every other way in (EndpointMerge): a known name takes the file's settings, a new
    // one is added, and a name that is not the app's own to change gets a free one, said here.
    const EndpointMergeReport report = EndpointMerge::importInto(m_endpoints, file.endpoints);
    QString message = tr("Imported %1: %2").arg(name, report.summary());
    for (const EndpointFileProblem &warning : std::as_const(file.warnings))
        message += QStringLiteral("; ") + tr("warning: %1").arg(warning.text(name));
    setNote(message);
    return message;
}

void MainWindow::setWatchedFile(const QString &path)
{
    if (!m_stopWatchingFile)
        return;
    m_stopWatchingFile->setEnabled(!path.isEmpty());
    m_stopWatchingFile->setText(
        path.isEmpty()
            ? tr("Sto&p watching the file")
            : tr("Sto&p watching %1").arg(QFileInfo(path).fileName().replace(QLatin1Char('&'), QLatin1String("&&"))));
}

QString MainWindow::exportTo(const QString &path)
{
    // Every name once, so that --config reads the file back: a second endpoint known by a name
    // already written goes out as "name (2)", said below.
    QList<EndpointConfig> configs;
    QSet<QString> written;
    QStringList renamed;
    for (const WatchedEndpoint *endpoint : m_endpoints->endpoints()) {
        if (endpoint->config().demo)
            continue;
        EndpointConfig config = endpoint->config();
        const QString known = EndpointMerge::nameOf(config);
        if (written.contains(known)) {
            QString free = known;
            for (int n = 2; written.contains(free); ++n)
                free = QStringLiteral("%1 (%2)").arg(known).arg(n);
            config.name = free;
            renamed << tr("%1 → %2").arg(known, free);
        }
        written.insert(EndpointMerge::nameOf(config));
        configs << config;
    }
    if (configs.isEmpty()) {
        const QString message = tr("Nothing exported: the demo's endpoints are not exported (their ports change "
                                   "every run); add your own first");
        setNote(message);
        return message;
    }
    const QByteArray text = EndpointFile::write(configs);
    QString message;
    if (QString why; !writeWholeFile(path, text, &why))
        message = tr("Could not export to %1: %2").arg(path, why);
    else if (text.contains(Redactor::kMask.toUtf8()))
        message = tr("Exported %n endpoint(s) to %1 (secrets left out, as ***)", nullptr, int(configs.size()))
                      .arg(QFileInfo(path).fileName());
    else
        message = tr("Exported %n endpoint(s) to %1", nullptr, int(configs.size())).arg(QFileInfo(path).fileName());
    if (!renamed.isEmpty())
        message +=
            QStringLiteral("; ") + tr("names used twice were written as: %1").arg(renamed.join(QStringLiteral(", ")));
    setNote(message);
    return message;
}

WatchedEndpoint *MainWindow::selectedEndpoint() const
{
    return m_sidebar->selectedEndpoint();
}

void MainWindow::selectEndpoint(int row)
{
    m_sidebar->selectRow(row);
}

void MainWindow::setNote(const QString &note)
{
    m_note->setText(note);
}

void MainWindow::setVantageReader(VantageReader *reader)
{
    if (m_vantageReader)
        m_vantageReader->disconnect(this);
    m_vantageReader = reader;
    m_banner->setVantageReader(reader);
    m_sidebar->model()->setVantageReader(reader);
    m_dashboard->setVantageReader(reader);
    showVantage();
    if (!reader)
        return;
    connect(reader, &VantageReader::refreshed, this, &MainWindow::showVantage);
    // Said once when reading starts failing, and once when it works again; nothing else changes.
    connect(reader, &VantageReader::problemChanged, this, [this](const QString &problem) {
        setNote(problem.isEmpty() ? tr("Vantage points: Prometheus answers again.")
                                  : tr("Vantage points: %1. Verdicts from other machines are not shown until it "
                                       "answers.")
                                        .arg(problem));
    });
}

// This machine's name among vantage points, in the status bar while the others are read: the name
// they know it by in Prometheus, and where they are read from (docs/vantage.md).
void MainWindow::showVantage()
{
    const bool reading = m_vantageReader && m_vantageReader->source().isValid();
    m_vantageLabel->setVisible(reading);
    if (!reading)
        return;
    m_vantageLabel->setText(tr("Vantage: %1").arg(m_vantageReader->here()));
    const QString tip = tr("This machine is the vantage point \"%1\" (--vantage, or the host name). The others are "
                           "read from %2 every %n s.",
                           nullptr, m_vantageReader->source().refreshS)
                            .arg(m_vantageReader->here(), Redactor::redactUrl(m_vantageReader->source().url));
    m_vantageLabel->setToolTip(tip);
    Presentation::setAccessibleDescription(m_vantageLabel, tip);
}

void MainWindow::showUrlProblem(const QString &problem)
{
    m_urlError->setText(problem);
    m_urlError->setToolTip(problem);
}

void MainWindow::showMuteState()
{
    m_muted->setText(m_notifier->muteDescription());
}

void MainWindow::onSelectionChanged()
{
    WatchedEndpoint *endpoint = selectedEndpoint();
    disconnect(m_selectedChanged);
    if (endpoint)
        m_selectedChanged = connect(endpoint, &WatchedEndpoint::changed, this, &MainWindow::refreshEndpointHeader);
    m_banner->setEndpoint(endpoint);
    m_dataView->setEndpoint(endpoint);
    m_dashboard->setEndpoint(endpoint);
    m_logPage->setSelectedEndpoint(endpoint);
    refreshEndpointHeader();
}

void MainWindow::refreshEndpointHeader()
{
    WatchedEndpoint *endpoint = selectedEndpoint();
    m_startStop->setEnabled(endpoint != nullptr);
    m_settingsButton->setEnabled(endpoint != nullptr);
    if (!endpoint) {
        m_endpointName->setText(tr("No endpoint selected"));
        m_startStop->setText(tr("&Start"));
        return;
    }
    const ProbeOptions &probe = endpoint->config().settings.probe;
    const QString where = QString::fromLatin1(probe.method) + QLatin1Char(' ') + Redactor::redactUrl(probe.url);
    const QString text =
        endpoint->config().name.isEmpty() ? where : endpoint->config().name + QStringLiteral(" — ") + where;
    m_endpointName->setText(text);
    m_startStop->setText(endpoint->isRunning() ? tr("&Stop") : tr("&Start"));
    if (m_startStopAction)
        m_startStopAction->setText(endpoint->isRunning() ? tr("&Stop watching") : tr("&Start watching"));
    m_startStop->setToolTip(endpoint->isRunning() ? tr("Stop watching this endpoint")
                                                  : tr("Watch this endpoint again"));
}

bool MainWindow::addEndpointFromUrlField()
{
    const QString text = m_urlEdit->text();
    if (text.trimmed().isEmpty()) {
        showUrlProblem(tr("Type an http:// or https:// URL first; Enter or Add makes it a new endpoint."));
        m_urlEdit->setFocus();
        return false;
    }
    const UrlValidator::Result parsed = UrlValidator::parse(text);
    if (!parsed.ok()) {
        // The text stays as typed, to be corrected.
        showUrlProblem(tr("Cannot add: %1. Nothing was sent.").arg(parsed.error));
        m_urlEdit->setFocus();
        return false;
    }
    const QByteArray method = m_methodCombo->currentText().trimmed().toUpper().toLatin1();
    if (!isValidMethod(method)) {
        showUrlProblem(tr("Cannot add: '%1' is not an HTTP method.").arg(m_methodCombo->currentText()));
        return false;
    }
    const int known = m_endpoints->find(parsed.url, method);
    if (known >= 0) {
        selectEndpoint(known);
        showUrlProblem(tr("Already watched as \"%1\": selected it.").arg(m_endpoints->at(known)->displayName()));
        return false;
    }
    EndpointConfig config;
    config.settings.probe.url = parsed.url;
    config.settings.probe.method = method;
    WatchedEndpoint *added = m_endpoints->add(config);
    m_urlEdit->clear();
    showUrlProblem(QString());
    setNote(tr("Added %1. Its name, headers and timings are in Settings… (Ctrl+,).").arg(added->displayName()));
    return true;
}

void MainWindow::addEndpointWithSettings()
{
    EndpointConfig config;
    const UrlValidator::Result parsed = UrlValidator::parse(m_urlEdit->text());
    if (parsed.ok())
        config.settings.probe.url = parsed.url;
    EndpointSettingsDialog dialog(config, this);
    if (!parsed.ok())
        dialog.setUrlText(m_urlEdit->text()); // as typed, to be corrected there
    if (dialog.exec() != QDialog::Accepted)
        return;
    m_endpoints->add(dialog.config());
    m_urlEdit->clear();
}

void MainWindow::toggleWatching()
{
    WatchedEndpoint *endpoint = selectedEndpoint();
    if (!endpoint)
        return;
    if (endpoint->isRunning())
        endpoint->stop();
    else
        endpoint->start();
    refreshEndpointHeader();
}

void MainWindow::retryNow()
{
    WatchedEndpoint *endpoint = selectedEndpoint();
    if (endpoint && !endpoint->isRunning()) {
        setNote(tr("%1 is stopped: Start watches it again.").arg(endpoint->displayName()));
        return;
    }
    m_banner->retryNow();
}

void MainWindow::editSelectedSettings()
{
    // Guarded: while the dialog is open, a followed file's reload or a later launch's hand-over
    // may remove the endpoint.
    const QPointer<WatchedEndpoint> endpoint = selectedEndpoint();
    if (!endpoint)
        return;
    const EndpointConfig before = endpoint->config();
    EndpointSettingsDialog dialog(before, this);
    if (dialog.exec() != QDialog::Accepted || !endpoint)
        return;
    const QString problem = endpoint->setConfig(dialog.config());
    if (!problem.isEmpty()) {
        QMessageBox::warning(this, tr("Settings not applied"), problem);
        return;
    }
    const ProbeOptions &now = endpoint->config().settings.probe;
    if (now.url != before.settings.probe.url || now.method != before.settings.probe.method)
        setNote(tr("%1 now checks %2 %3: what it showed before belonged to the old address.")
                    .arg(endpoint->displayName(), QString::fromLatin1(now.method), Redactor::redactUrl(now.url)));
    if (endpoint->config().demo)
        setNote(tr("Demo endpoints are not saved (their ports change every run). To keep this one, add its URL as a "
                   "new endpoint."));
    onSelectionChanged();
}

void MainWindow::removeSelected()
{
    const int row = m_sidebar->selectedRow();
    const QString name = m_endpoints->at(row) ? m_endpoints->at(row)->displayName() : QString();
    const std::optional<EndpointConfig> removed = m_endpoints->remove(row);
    if (!removed)
        return;
    m_removed.append(qMakePair(row, *removed));
    m_undoButton->setVisible(true);
    m_undoExpiry.start();
    setNote(tr("Removed %1. Undo (Ctrl+Z) brings it back with its settings.").arg(name));
}

void MainWindow::undoRemove()
{
    if (m_removed.isEmpty()) {
        setNote(tr("Nothing to undo: removals can be undone for 30 seconds."));
        return;
    }
    const auto [row, config] = m_removed.takeLast();
    m_endpoints->add(config, row);
    if (m_removed.isEmpty()) {
        m_undoExpiry.stop();
        hideUndoButton();
    }
    setNote(tr("%1 is back.").arg(m_endpoints->at(m_sidebar->selectedRow())->displayName()));
}

void MainWindow::hideUndoButton()
{
    // A hidden button with the keyboard on it throws the focus to whatever comes next in the
    // chain: the keyboard goes to the list instead, on the endpoint it brought back.
    if (m_undoButton->hasFocus())
        m_sidebar->focusList();
    m_undoButton->setVisible(false);
}

void MainWindow::restoreState()
{
    if (!m_settings)
        return;
    restoreGeometry(m_settings->value(QStringLiteral("window/geometry")).toByteArray());
    keepOnScreen();
    m_splitter->restoreState(m_settings->value(QStringLiteral("window/splitter")).toByteArray());
    // A mute outlives a restart: a balloon seconds after relaunching would break it.
    const QVariant mute = m_settings->value(QStringLiteral("notifications/muted_until"));
    if (mute.isValid()) {
        // Only the word itself means "until switched back on": a damaged value mutes nothing.
        const QString text = mute.toString();
        const QDateTime until = QDateTime::fromString(text, Qt::ISODateWithMs);
        if (text == QLatin1String("switched_on"))
            m_notifier->muteUntil(QDateTime());
        else if (until.isValid())
            m_notifier->muteUntil(until);
        if (m_notifier->isMuted()) {
            // The time alone when it ends today, as the status bar's permanent label says it.
            const QDateTime end = m_notifier->mutedUntil().toLocalTime();
            const QString when = end.date() == QDate::currentDate()
                                     ? QLocale().toString(end.time(), QLocale::ShortFormat)
                                     : QLocale().toString(end, QLocale::ShortFormat);
            setNote(end.isValid() ? tr("Notifications stay muted until %1").arg(when)
                                  : tr("Notifications stay muted until switched back on"));
        }
    }
    const int selected = m_settings->value(QStringLiteral("window/selected"), 0).toInt();
    if (m_endpoints->count() > 0)
        selectEndpoint(std::clamp(selected, 0, m_endpoints->count() - 1));
}

void MainWindow::keepOnScreen()
{
    // A geometry saved on another screen or by another window (a status bar below the screen's edge
    // was seen) is fitted into the screen the window opens on, frame included.
    QScreen *target = QGuiApplication::screenAt(geometry().center());
    if (!target)
        target = screen();
    if (!target)
        return;
    const QRect available = target->availableGeometry();
    const QMargins frame =
        frameGeometry().isValid() && frameGeometry().contains(geometry())
            ? QMargins(geometry().left() - frameGeometry().left(), geometry().top() - frameGeometry().top(),
                       frameGeometry().right() - geometry().right(), frameGeometry().bottom() - geometry().bottom())
            : QMargins();
    const QSize room = available.size() - QSize(frame.left() + frame.right(), frame.top() + frame.bottom());
    const QSize fitted = size().boundedTo(room).expandedTo(minimumSizeHint().boundedTo(room));
    if (fitted != size())
        resize(fitted);
    const int width = fitted.width() + frame.left() + frame.right();
    const int height = fitted.height() + frame.top() + frame.bottom();
    const QPoint topLeft(std::clamp(frameGeometry().left(), available.left(), available.right() + 1 - width),
                         std::clamp(frameGeometry().top(), available.top(), available.bottom() + 1 - height));
    if (topLeft != frameGeometry().topLeft())
        move(topLeft);
}

void MainWindow::saveMute()
{
    if (!m_settings)
        return;
    if (!m_notifier->isMuted())
        m_settings->remove(QStringLiteral("notifications/muted_until"));
    else
        m_settings->setValue(QStringLiteral("notifications/muted_until"),
                             m_notifier->mutedUntil().isValid() ? m_notifier->mutedUntil().toString(Qt::ISODateWithMs)
                                                                : QStringLiteral("switched_on"));
    m_settings->sync();
}

void MainWindow::saveState()
{
    if (!m_settings)
        return;
    m_settings->setValue(QStringLiteral("window/geometry"), saveGeometry());
    m_settings->setValue(QStringLiteral("window/splitter"), m_splitter->saveState());
    m_settings->setValue(QStringLiteral("window/selected"), m_sidebar->selectedRow());
    m_settings->sync();
}

void MainWindow::showEvent(QShowEvent *event)
{
    QMainWindow::showEvent(event);
    // The frame's size is known once the window is on screen: fit it again then.
    if (!m_shownOnce) {
        m_shownOnce = true;
        QTimer::singleShot(0, this, &MainWindow::keepOnScreen);
    }
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveState();
    QMainWindow::closeEvent(event);
}

} // namespace NetPulse
