#include "EndpointSidebar.h"

#include <QAccessible>
#include <QButtonGroup>
#include <QComboBox>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QListView>
#include <QSignalBlocker>
#include <QToolButton>
#include <QVBoxLayout>

#include "EndpointFilterModel.h"
#include "EndpointListModel.h"
#include "EndpointRowDelegate.h"

#include "endpoints/EndpointList.h"

namespace NetPulse {

EndpointSidebar::EndpointSidebar(EndpointList *list, QWidget *parent)
    : QWidget(parent)
    , m_list(list)
    , m_model(new EndpointListModel(list, this))
    , m_filter(new EndpointFilterModel(m_model, this))
    , m_view(new QListView(this))
    , m_filterEdit(new QLineEdit(this))
    , m_order(new QComboBox(this))
    , m_groups(new QButtonGroup(this))
{
    m_view->setObjectName(QStringLiteral("endpointList"));
    m_view->setAccessibleName(tr("Endpoints"));
    // The selection is an endpoint, not a row of the view: when the filter hides the selected row,
    // Qt moves the view's current row to a neighbour, and the banner would switch endpoints under
    // the user. Connected before the view takes the model, so these run before its selection
    // model's own handlers: what they change meanwhile is the view's doing, not the user's.
    for (auto aboutTo : {&QAbstractItemModel::rowsAboutToBeRemoved, &QAbstractItemModel::rowsAboutToBeInserted})
        connect(m_filter, aboutTo, this, [this] { m_reshaping = true; });
    connect(m_filter, &QAbstractItemModel::layoutAboutToBeChanged, this, [this] { m_reshaping = true; });
    connect(m_filter, &QAbstractItemModel::modelAboutToBeReset, this, [this] { m_reshaping = true; });
    for (auto done : {&QAbstractItemModel::rowsRemoved, &QAbstractItemModel::rowsInserted})
        connect(m_filter, done, this, &EndpointSidebar::reshaped);
    connect(m_filter, &QAbstractItemModel::layoutChanged, this, &EndpointSidebar::reshaped);
    connect(m_filter, &QAbstractItemModel::modelReset, this, &EndpointSidebar::reshaped);
    m_view->setModel(m_filter);
    m_view->setEditTriggers(QAbstractItemView::EditKeyPressed | QAbstractItemView::DoubleClicked);
    m_view->setUniformItemSizes(true); // dozens of endpoints stay cheap to lay out
    m_view->setItemDelegate(new EndpointRowDelegate(m_view));
    m_view->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff); // rows elide; they never scroll sideways
    m_view->setMinimumWidth(fontMetrics().horizontalAdvance(QStringLiteral("Down for 59 min · refused")));

    auto *add = new QToolButton(this);
    add->setObjectName(QStringLiteral("addEndpointButton"));
    add->setText(tr("+"));
    add->setToolTip(tr("Add the URL typed above as a new endpoint"));
    auto *remove = new QToolButton(this);
    remove->setObjectName(QStringLiteral("removeEndpointButton"));
    remove->setText(tr("−"));
    remove->setToolTip(tr("Remove the selected endpoint (Delete; Ctrl+Z brings it back)"));
    // The summary line: a button per group with endpoints in it, worst first; pressed, the list
    // shows only that group (pressed again, everything).
    m_groups->setExclusive(false);
    auto *summary = new QHBoxLayout;
    summary->setSpacing(2);
    for (int g = 0; g < EndpointListModel::kGroupCount; ++g) {
        auto *button = new QToolButton(this);
        button->setObjectName(QStringLiteral("groupButton%1").arg(g));
        button->setCheckable(true);
        button->setAutoRaise(true);
        button->setToolTip(tr("Show only these endpoints; press again to show all"));
        m_groups->addButton(button, g);
        m_groupButtons << button;
        summary->addWidget(button);
    }
    summary->addStretch(1);
    connect(m_groups, &QButtonGroup::idToggled, this, [this](int id, bool on) {
        if (on) {
            for (QToolButton *other : std::as_const(m_groupButtons)) {
                const QSignalBlocker quiet(other); // one filtering per press, not two
                if (other != m_groupButtons.at(id))
                    other->setChecked(false);
            }
            m_filter->setGroup(EndpointListModel::Group(id));
        } else if (m_filter->group() == EndpointListModel::Group(id)) {
            m_filter->setGroup(std::nullopt);
        }
        refreshSummary();
    });
    connect(m_model, &EndpointListModel::summaryChanged, this, &EndpointSidebar::refreshSummary);
    // A row's verdict changed (it left its group: down, retrying, up…): its name changes for
    // assistive technology, once; a countdown ticking in its words is not told.
    connect(m_model, &EndpointListModel::rowGroupChanged, this, [this](int row) {
        const int shown = m_filter->rowOf(row);
        if (shown < 0)
            return;
        QAccessibleEvent event(m_view, QAccessible::NameChanged);
        event.setChild(shown);
        QAccessible::updateAccessibility(&event);
        emit rowVerdictChanged(row);
    });

    m_filterEdit->setObjectName(QStringLiteral("sidebarFilter"));
    m_filterEdit->setAccessibleName(tr("Filter endpoints"));
    m_filterEdit->setPlaceholderText(tr("Filter…")); // the sidebar is narrow; the tooltip says what it finds
    m_filterEdit->setToolTip(tr("Shows the endpoints whose name, URL, state or failure has every word typed (Ctrl+F)"));
    m_filterEdit->setClearButtonEnabled(true);
    connect(m_filterEdit, &QLineEdit::textChanged, m_filter, &EndpointFilterModel::setFilterWords);
    m_order->setObjectName(QStringLiteral("endpointOrder"));
    m_order->setAccessibleName(tr("Order of the endpoints"));
    m_order->addItem(tr("List order"), int(EndpointFilterModel::Order::List));
    m_order->addItem(tr("Worst first"), int(EndpointFilterModel::Order::WorstFirst));
    m_order->addItem(tr("By name"), int(EndpointFilterModel::Order::Name));
    m_order->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    connect(m_order, &QComboBox::currentIndexChanged, this,
            [this] { m_filter->setOrder(EndpointFilterModel::Order(m_order->currentData().toInt())); });
    connect(m_filter, &EndpointFilterModel::viewChanged, this, [this] {
        refreshMoveButtons();
        showSelected(); // the selected endpoint stays in view when the view changes around it
    });
    auto *find = new QHBoxLayout;
    find->addWidget(m_filterEdit, 1);
    find->addWidget(m_order);

    auto *up = new QToolButton(this);
    up->setObjectName(QStringLiteral("moveUpButton"));
    up->setArrowType(Qt::UpArrow);
    up->setToolTip(tr("Move up"));
    up->setAccessibleName(tr("Move the selected endpoint up")); // an arrow has no text to read
    auto *down = new QToolButton(this);
    down->setObjectName(QStringLiteral("moveDownButton"));
    down->setArrowType(Qt::DownArrow);
    down->setToolTip(tr("Move down"));
    down->setAccessibleName(tr("Move the selected endpoint down"));
    m_up = up;
    m_down = down;
    auto *buttons = new QHBoxLayout;
    for (QToolButton *button : {add, remove, up, down})
        buttons->addWidget(button);
    buttons->addStretch(1);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto *label = new QLabel(tr("Endpo&ints"), this);
    label->setBuddy(m_view);
    layout->addWidget(label);
    layout->addLayout(summary);
    layout->addLayout(find);
    layout->addWidget(m_view, 1);
    layout->addLayout(buttons);

    // Tab follows the layout: the summary, the filter and the order above the list, the buttons below.
    QList<QWidget *> order(m_groupButtons.cbegin(), m_groupButtons.cend());
    order << m_filterEdit << m_order << m_view << add << remove << up << down;
    for (qsizetype i = 1; i < order.size(); ++i)
        setTabOrder(order.at(i - 1), order.at(i));

    connect(add, &QToolButton::clicked, this, &EndpointSidebar::addRequested);
    connect(remove, &QToolButton::clicked, this, &EndpointSidebar::removeRequested);
    connect(up, &QToolButton::clicked, this, [this] { moveSelected(-1); });
    connect(down, &QToolButton::clicked, this, [this] { moveSelected(+1); });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this, [this](const QModelIndex &current) {
        if (m_reshaping || !current.isValid())
            return; // the view's doing (a row hidden, moved, removed): the selection stays
        setSelected(m_list->at(m_filter->sourceRow(current.row())));
    });
    // A change of what the rows say may change what the filter and the order show: told again at
    // most once per batch of changes (rows are told every 250 ms), and only when rows are hidden
    // or sorted (Qt's proxy would re-sort at every change, whatever the roles say).
    m_refilter.setSingleShot(true);
    m_refilter.setInterval(0);
    connect(&m_refilter, &QTimer::timeout, m_filter, &EndpointFilterModel::invalidate);
    connect(m_model, &QAbstractItemModel::dataChanged, this, [this] {
        if (!m_filter->isIdentity() && !m_refilter.isActive())
            m_refilter.start();
    });
    connect(list, &EndpointList::endpointAdded, this, &EndpointSidebar::selectRow);
    connect(list, &EndpointList::endpointAboutToBeRemoved, this,
            [this](int row) { m_removingSelected = m_list->at(row) == m_selected; });
    connect(list, &EndpointList::endpointRemoved, this, [this] {
        // The selected one went: the row Qt made current in its place (below it, or above at the
        // end) is selected; with its row hidden by the filter, none.
        if (std::exchange(m_removingSelected, false)) {
            const QModelIndex next = m_view->currentIndex();
            setSelected(next.isValid() ? m_list->at(m_filter->sourceRow(next.row())) : nullptr);
        }
        showSelected();
    });
    refreshSummary();
}

WatchedEndpoint *EndpointSidebar::selectedEndpoint() const
{
    return m_selected && m_list->indexOf(m_selected) >= 0 ? m_selected.data() : nullptr;
}

int EndpointSidebar::selectedRow() const
{
    return m_selected ? m_list->indexOf(m_selected) : -1;
}

void EndpointSidebar::selectRow(int row)
{
    // An endpoint the filter hides is shown by showing everything: selecting it (a new one, an
    // undone removal) must not leave it invisible under the words of an earlier search.
    if (row >= 0 && row < m_list->count() && m_filter->rowOf(row) < 0) {
        m_filterEdit->clear();
        for (QToolButton *button : std::as_const(m_groupButtons))
            button->setChecked(false);
    }
    setSelected(m_list->at(row));
    showSelected();
}

void EndpointSidebar::setSelected(WatchedEndpoint *endpoint)
{
    if (endpoint == m_selected)
        return;
    m_selected = endpoint;
    m_model->setPromptEndpoint(endpoint);
    emit selectionChanged();
}

void EndpointSidebar::reshaped()
{
    m_reshaping = false;
    // After Qt's selection model has finished with the change: it may move the current row still.
    QMetaObject::invokeMethod(this, &EndpointSidebar::showSelected, Qt::QueuedConnection);
}

void EndpointSidebar::showSelected()
{
    // The view's current row is the selected endpoint's, or none while the filter hides it (a
    // neighbour highlighted beside the banner of another endpoint would say the wrong thing).
    const int row = selectedRow();
    const QModelIndex shown = row >= 0 ? m_filter->mapFromSource(m_model->index(row)) : QModelIndex();
    const bool was = std::exchange(m_reshaping, true);
    if (shown.isValid()) {
        if (m_view->currentIndex() != shown)
            m_view->setCurrentIndex(shown);
        m_view->scrollTo(shown);
    } else if (m_view->currentIndex().isValid()) {
        m_view->selectionModel()->clear();
    }
    m_reshaping = was;
}

void EndpointSidebar::focusFilter()
{
    m_filterEdit->setFocus(Qt::ShortcutFocusReason);
    m_filterEdit->selectAll();
}

void EndpointSidebar::focusList()
{
    m_view->setFocus(Qt::OtherFocusReason);
}

void EndpointSidebar::moveSelected(int delta)
{
    if (!m_filter->isIdentity())
        return; // in a filtered or sorted view, "up" is not the list's up
    const int row = selectedRow();
    if (m_list->move(row, row + delta))
        showSelected(); // the same endpoint, one row further
}

void EndpointSidebar::refreshSummary()
{
    const auto shown = m_filter->group();
    for (int g = 0; g < EndpointListModel::kGroupCount; ++g) {
        QToolButton *button = m_groupButtons.at(g);
        const int count = m_model->count(EndpointListModel::Group(g));
        const QString text = EndpointListModel::groupText(EndpointListModel::Group(g), count);
        if (button->text() != text)
            button->setText(text);
        // A group with nobody in it is not shown, unless it is the one shown (to let it go) or the
        // keyboard is on it (hiding it would throw the focus elsewhere).
        button->setVisible(count > 0 || shown == EndpointListModel::Group(g) || button->hasFocus());
    }
}

void EndpointSidebar::refreshMoveButtons()
{
    const bool byHand = m_filter->isIdentity();
    m_up->setEnabled(byHand);
    m_down->setEnabled(byHand);
    const QString why = byHand ? QString() : tr(" (in the list's order, without a filter)");
    m_up->setToolTip(tr("Move up") + why);
    m_down->setToolTip(tr("Move down") + why);
}

void EndpointSidebar::renameSelected()
{
    m_view->edit(m_view->currentIndex());
}

} // namespace NetPulse
