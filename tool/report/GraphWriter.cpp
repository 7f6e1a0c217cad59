//===- GraphWriter.cpp - call-chain diagrams in Graphviz ------------------===//
//
// A finding's diagram is pruned to what explains it: the chain from the
// entry point, the offending edge, and one level of context (the other calls
// made by the function holding the site, from Report::Graph); a grouped
// finding's diagram has every call of its cause. Instead of one graph of all
// noinstr code (thousands of nodes on a real kernel: unreadable), there is an
// overview per entry point: the chains and offending calls of the findings
// it reaches. Notes' edges are blue and dashed, not an error's red.
//
// Styles say what the report says and nothing more:
//   node fill    noinstr (light blue), instrumentable (orange), dynamic
//                target (dashed, unfilled), not in the call graph (white);
//   node shape   entry (double border), establisher (hexagon), teardown
//                (octagon), hook (component);
//   edge         the offending edge red and bold; other reported edges red;
//                edges inside instrumentation regions dotted green, "instr".
// A function that is missing from Report::Graph is drawn as "not in the call
// graph" rather than guessed at: the analyses that fill the graph own that
// decision.
//
// Symbol names are hostile input (an object can name a symbol anything), so:
//   - node ids are synthetic ("n0", "n1", ... in sorted key order) and never
//     contain a name;
//   - every label is escaped for DOT, including the record metacharacters
//     < > { } |, and invalid UTF-8 is repaired before dot sees it;
//   - file names keep only [A-Za-z0-9._-], start with "finding-" and are
//     capped in length, so no name can leave the output directory.
// Output is deterministic: nodes in key order, edges in report order.
//
//===----------------------------------------------------------------------===//
#include "noinstr/report/GraphWriter.h"

#include "noinstr/support/InputError.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

using namespace llvm;

namespace noinstr {

namespace {

/// Length caps for file names: the whole stem stays within 80 characters.
constexpr size_t MaxStem = 80;
/// Seconds one dot run may take; a runaway layout must not hang the tool.
constexpr unsigned DotTimeout = 300;

// Colours, shared by the legend and the nodes so they cannot drift apart.
constexpr const char *NoinstrFill = "#cfe8fc";
constexpr const char *NoinstrLine = "#1f5f99";
constexpr const char *InstrFill = "#ffcc80";
constexpr const char *InstrLine = "#b35c00";
constexpr const char *UnknownLine = "#9e9e9e";
constexpr const char *DynamicLine = "#555555";
constexpr const char *RegionColour = "#2e7d32";
constexpr const char *FindingColour = "#d50000";
/// A note's edge (a die path): not an error, so not the error's red.
constexpr const char *NoteColour = "#0277bd";
constexpr const char *EntryLine = "#0d47a1";
constexpr const char *EstablisherLine = "#1b5e20";
constexpr const char *TeardownLine = "#6a1b9a";
constexpr const char *HookLine = "#ad1457";

/// \p S escaped for the inside of a DOT string. Besides '"' and '\\', the
/// record metacharacters are escaped too: dot prints "\<" as "<" in plain
/// labels, and it keeps a label safe if a shape is ever changed to a record.
std::string dotEscape(StringRef Raw) {
  // LLVM's UTF-8 repair (U+FFFD for what is not UTF-8); it lives in its
  // JSON header, but no JSON is read or written here.
  std::string Fixed = json::isUTF8(Raw) ? Raw.str() : json::fixUTF8(Raw);
  std::string Out;
  Out.reserve(Fixed.size());
  for (char C : Fixed) {
    switch (C) {
    case '"':
    case '\\':
    case '<':
    case '>':
    case '{':
    case '}':
    case '|':
      Out += '\\';
      Out += C;
      break;
    case '\n':
      Out += "\\n";
      break;
    default:
      // Control characters have no business in a label; dot may reject them.
      Out += (static_cast<unsigned char>(C) < 0x20 || C == 0x7f) ? '?' : C;
    }
  }
  return Out;
}

/// A quoted DOT string of \p Lines joined by line breaks.
std::string dotLabel(ArrayRef<std::string> Lines) {
  std::string Out = "\"";
  for (size_t I = 0; I < Lines.size(); ++I) {
    if (I)
      Out += "\\n";
    Out += dotEscape(Lines[I]);
  }
  return Out + "\"";
}

/// "entry.c:45" (innermost frame, file name only to keep diagrams narrow),
/// or "sym+0x1c" without debug info.
std::string siteLabel(const CodeLocation &L) {
  if (!L.Source.empty() && !L.Source.front().File.empty()) {
    const SourceLocation &S = L.Source.front();
    std::string Out = sys::path::filename(S.File).str();
    if (S.Line)
      Out += ":" + std::to_string(S.Line);
    return Out;
  }
  return L.str();
}

bool sameSite(const CodeLocation &A, const CodeLocation &B) {
  return A.Object == B.Object && A.Section == B.Section &&
         A.SectionOffset == B.SectionOffset;
}

enum class NodeKind { Noinstr, Instrumentable, Dynamic, Unknown, Site };

struct NodeInfo {
  std::string Name; ///< what the label shows first
  NodeKind Kind = NodeKind::Unknown;
  std::string Section;
  NodeRole Role;
  bool HoldsSite = false;         ///< the function the finding is in
  std::vector<std::string> Extra; ///< further label lines
};

enum class EdgeKind { Offending, Chain, Context };

struct EdgeInfo {
  std::string From, To; ///< node keys
  EdgeKind Kind = EdgeKind::Context;
  std::vector<std::string> Label;
  bool InRegion = false;
  bool TailCall = false;
  bool Reported = false; ///< another finding's edge
  bool Note = false;     ///< the offending edge of a note
};

/// Nodes by key (sorted, so ids and output order are stable) and edges in
/// the order they were added.
class Diagram {
public:
  explicit Diagram(const CallGraph &G) {
    for (const CallGraph::Node &N : G.Nodes)
      Known.emplace(N.Name, &N);
  }

  const CallGraph::Node *known(StringRef Name) const {
    auto It = Known.find(Name.str());
    return It == Known.end() ? nullptr : It->second;
  }

  /// The node for a call target of \p Caller. A target reached through a
  /// pointer is one node per caller: two "{dynamic}" calls in different
  /// functions are unrelated.
  std::string addCallee(StringRef Name, CalleeKind Dispatch, StringRef Caller) {
    if (Dispatch == CalleeKind::Direct)
      return addFunction(Name);
    std::string Key = "\x01" + Caller.str() + "\x01" + Name.str();
    NodeInfo &N = Nodes[Key];
    N.Name = Name.str();
    N.Kind = NodeKind::Dynamic;
    return Key;
  }

  std::string addFunction(StringRef Name) {
    std::string Key = Name.str();
    auto [It, New] = Nodes.try_emplace(Key);
    if (New) {
      NodeInfo &N = It->second;
      N.Name = Name.str();
      if (const CallGraph::Node *G = known(Name)) {
        N.Kind = G->Noinstr ? NodeKind::Noinstr : NodeKind::Instrumentable;
        N.Section = G->Section;
        N.Role = G->Role;
      }
    }
    return Key;
  }

  NodeInfo &node(const std::string &Key) { return Nodes[Key]; }

  /// Fills an edge's flags from the call graph's edge at the same site.
  void addEdge(EdgeInfo E, StringRef Caller, StringRef Callee,
               const CodeLocation &Site, const CallGraph &G) {
    for (const CallGraph::Edge &GE : G.Edges)
      if (GE.Caller == Caller && GE.Callee == Callee &&
          sameSite(GE.Site, Site)) {
        E.InRegion = GE.InRegion;
        E.TailCall = GE.TailCall;
        break;
      }
    Edges.push_back(std::move(E));
  }

  void addEdge(EdgeInfo E) { Edges.push_back(std::move(E)); }

  void write(raw_ostream &OS, StringRef Name, ArrayRef<std::string> Title,
             bool Clusters) const;

private:
  std::map<std::string, const CallGraph::Node *> Known;
  std::map<std::string, NodeInfo> Nodes;
  std::vector<EdgeInfo> Edges;
};

void writeNodeAttrs(raw_ostream &OS, const NodeInfo &N) {
  std::vector<std::string> Lines{N.Name};
  if (!N.Section.empty())
    Lines.push_back(N.Section);
  if (N.Role != NodeRole::None)
    Lines.push_back(("[" + N.Role.str() + "]").str());
  Lines.insert(Lines.end(), N.Extra.begin(), N.Extra.end());

  // Fill says what the code is, shape and border colour what it does on
  // entry paths; each attribute is written once.
  StringRef Style = "filled", Fill = "white", Line = UnknownLine, Shape;
  StringRef FontColour;
  StringRef PenWidth; // default 1
  unsigned Peripheries = 1;
  switch (N.Kind) {
  case NodeKind::Noinstr:
    Fill = NoinstrFill;
    Line = NoinstrLine;
    break;
  case NodeKind::Instrumentable:
    Fill = InstrFill;
    Line = InstrLine;
    break;
  case NodeKind::Dynamic:
    Style = "dashed";
    Fill = "";
    Line = DynamicLine;
    break;
  case NodeKind::Unknown:
    break;
  case NodeKind::Site:
    Shape = "note";
    Fill = "#ffebee";
    Line = FontColour = FindingColour;
    break;
  }
  switch (N.Role.value()) {
  case NodeRole::None:
    break;
  case NodeRole::Entry:
    Peripheries = 2;
    Line = EntryLine;
    break;
  case NodeRole::Establisher:
    Shape = "hexagon";
    PenWidth = "2";
    Line = EstablisherLine;
    break;
  case NodeRole::Teardown:
    Shape = "octagon";
    PenWidth = "2";
    Line = TeardownLine;
    break;
  case NodeRole::Hook:
    Shape = "component";
    PenWidth = "2";
    Line = HookLine;
    break;
  }
  if (N.HoldsSite)
    PenWidth = "2.5";

  OS << "[label=" << dotLabel(Lines) << ", style=" << Style;
  if (!Fill.empty())
    OS << ", fillcolor=\"" << Fill << "\"";
  OS << ", color=\"" << Line << "\"";
  if (!Shape.empty())
    OS << ", shape=" << Shape;
  if (!FontColour.empty())
    OS << ", fontcolor=\"" << FontColour << "\"";
  if (Peripheries != 1)
    OS << ", peripheries=" << Peripheries;
  if (!PenWidth.empty())
    OS << ", penwidth=" << PenWidth;
  OS << "];\n";
}

void writeEdgeAttrs(raw_ostream &OS, const EdgeInfo &E) {
  std::vector<std::string> Lines;
  if (E.InRegion)
    Lines.push_back("instr");
  Lines.insert(Lines.end(), E.Label.begin(), E.Label.end());
  if (E.TailCall)
    Lines.push_back("(tail call)");
  OS << "[label=" << dotLabel(Lines);
  if (E.Kind == EdgeKind::Offending && E.Note)
    OS << ", color=\"" << NoteColour << "\", fontcolor=\"" << NoteColour
       << "\", penwidth=2, style=dashed";
  else if (E.Kind == EdgeKind::Offending)
    OS << ", color=\"" << FindingColour << "\", fontcolor=\"" << FindingColour
       << "\", penwidth=3, style=bold";
  else if (E.Reported)
    OS << ", color=\"" << FindingColour << "\", fontcolor=\"" << FindingColour
       << "\"";
  else if (E.InRegion)
    OS << ", color=\"" << RegionColour << "\", fontcolor=\"" << RegionColour
       << "\", style=dotted";
  else if (E.Kind == EdgeKind::Chain)
    OS << ", penwidth=1.8";
  else
    OS << ", color=\"#616161\"";
  if (E.TailCall)
    OS << ", arrowhead=onormal";
  OS << "];\n";
}

/// The legend: one table node in the last rank, so it neither stretches the
/// diagram nor sits between a caller and its callees. Cell borders use the
/// node colours, so legend and nodes cannot drift apart. It names no symbol.
void writeLegend(raw_ostream &OS) {
  auto Cell = [&](StringRef Text, StringRef Attrs) {
    OS << "<TD " << Attrs << ">" << Text << "</TD>";
  };
  auto Colour = [](StringRef Line, StringRef Fill = "") {
    std::string A = "COLOR=\"" + Line.str() + "\"";
    if (!Fill.empty())
      A += " BGCOLOR=\"" + Fill.str() + "\"";
    return A;
  };
  auto EdgeRow = [&](StringRef Text, StringRef Line) {
    OS << "<TR><TD COLSPAN=\"2\" BORDER=\"0\" ALIGN=\"LEFT\"><FONT COLOR=\""
       << Line << "\">" << Text << "</FONT></TD></TR>";
  };
  OS << "  legend [shape=plaintext, fontsize=9, label=<<TABLE BORDER=\"0\" "
        "CELLBORDER=\"1\" CELLSPACING=\"3\" CELLPADDING=\"3\">"
     << "<TR><TD COLSPAN=\"2\" BORDER=\"0\"><B>legend</B></TD></TR><TR>";
  Cell("noinstr", Colour(NoinstrLine, NoinstrFill));
  Cell("instrumentable", Colour(InstrLine, InstrFill));
  OS << "</TR><TR>";
  Cell("dynamic target", "STYLE=\"dashed\" " + Colour(DynamicLine));
  Cell("not in call graph", Colour(UnknownLine));
  OS << "</TR><TR>";
  Cell("entry point: double border", "BORDER=\"3\" " + Colour(EntryLine));
  Cell("establisher: hexagon", "BORDER=\"2\" " + Colour(EstablisherLine));
  OS << "</TR><TR>";
  Cell("teardown: octagon", "BORDER=\"2\" " + Colour(TeardownLine));
  Cell("hook: component", "BORDER=\"2\" " + Colour(HookLine));
  OS << "</TR>";
  EdgeRow("<B>&#8594; offending call (bold)</B>", FindingColour);
  EdgeRow("&#8594; other reported call", FindingColour);
  EdgeRow("&#8594; note: a die path (dashed)", NoteColour);
  EdgeRow("&#8594; instr: inside an instrumentation region (dotted)",
          RegionColour);
  EdgeRow("&#8594; call, labelled file:line or sym+0xoff", "#000000");
  OS << "</TABLE>>];\n  { rank=sink; legend; }\n";
}

void Diagram::write(raw_ostream &OS, StringRef Name,
                    ArrayRef<std::string> Title, bool Clusters) const {
  std::map<std::string, std::string> Ids;
  for (const auto &[Key, N] : Nodes)
    Ids.emplace(Key, "n" + std::to_string(Ids.size()));

  OS << "digraph " << dotLabel({Name.str()}) << " {\n"
     << "  graph [rankdir=LR, fontname=\"Helvetica\", fontsize=11, "
        "labelloc=t, labeljust=l, nodesep=0.25, ranksep=0.6, label="
     << dotLabel(Title) << "];\n"
     << "  node [shape=box, fontname=\"Helvetica\", fontsize=10];\n"
     << "  edge [fontname=\"Helvetica\", fontsize=9];\n";

  // Clusters group noinstr functions by section; std::map keeps both the
  // sections and their members sorted.
  std::map<std::string, std::vector<std::string>> BySection;
  for (const auto &[Key, N] : Nodes) {
    if (Clusters && N.Kind == NodeKind::Noinstr && !N.Section.empty()) {
      BySection[N.Section].push_back(Key);
      continue;
    }
    OS << "  " << Ids.at(Key) << " ";
    writeNodeAttrs(OS, N);
  }
  size_t Cluster = 0;
  for (const auto &[Section, Keys] : BySection) {
    OS << "  subgraph cluster_" << Cluster++ << " {\n"
       << "    label=" << dotLabel({Section}) << "; style=rounded; color=\""
       << NoinstrLine << "\";\n";
    for (const std::string &Key : Keys) {
      OS << "    " << Ids.at(Key) << " ";
      writeNodeAttrs(OS, Nodes.at(Key));
    }
    OS << "  }\n";
  }
  for (const EdgeInfo &E : Edges) {
    OS << "  " << Ids.at(E.From) << " -> " << Ids.at(E.To) << " ";
    writeEdgeAttrs(OS, E);
  }
  writeLegend(OS);
  OS << "}\n";
}

/// Keeps [A-Za-z0-9._-], maps the rest to '_', drops leading dots and caps
/// the length.
std::string fileComponent(StringRef Name, size_t Max, StringRef Empty) {
  std::string Out;
  for (char C : Name) {
    if (Out.size() == Max)
      break;
    bool Safe = isAlnum(C) || C == '.' || C == '_' || C == '-';
    if (Out.empty() && C == '.')
      continue;
    Out += Safe ? C : '_';
  }
  return Out.empty() ? Empty.str() : Out;
}

/// Runs dot; a failure names the output and carries dot's first stderr line.
Error renderSvg(StringRef Dot, StringRef DotFile, StringRef SvgFile) {
  SmallString<128> ErrFile;
  if (std::error_code EC =
          sys::fs::createTemporaryFile("noinstr-dot", "err", ErrFile))
    return inputError(SvgFile,
                      "cannot create a temporary file: " + EC.message());
  std::optional<StringRef> Redirects[] = {StringRef(""), StringRef(""),
                                          StringRef(ErrFile)};
  std::string ErrMsg;
  int Status =
      sys::ExecuteAndWait(Dot, {Dot, "-Tsvg", "-o", SvgFile, DotFile},
                          std::nullopt, Redirects, DotTimeout, 0, &ErrMsg);
  std::string Stderr;
  if (auto Buf = MemoryBuffer::getFile(ErrFile))
    Stderr = (*Buf)->getBuffer().trim().split('\n').first.str();
  sys::fs::remove(ErrFile);
  if (Status == 0)
    return Error::success();
  std::string Why =
      Status < 0 ? ErrMsg : "dot exited with status " + std::to_string(Status);
  if (!Stderr.empty())
    Why += ": " + Stderr;
  return inputError(SvgFile, "cannot render SVG: " + Why);
}

Error writeFile(StringRef Path, StringRef Text) {
  std::error_code EC;
  raw_fd_ostream OS(Path, EC, sys::fs::OF_Text);
  if (EC)
    return inputError(Path, "cannot write: " + EC.message());
  OS << Text;
  OS.close();
  if (OS.has_error())
    return inputError(Path, "cannot write: " + OS.error().message());
  return Error::success();
}

} // namespace

std::string findingGraphStem(size_t Index, const Finding &F) {
  std::string Number = std::to_string(Index + 1);
  if (Number.size() < 3)
    Number.insert(0, 3 - Number.size(), '0');
  std::string Prefix = "finding-" + Number;
  size_t Room = MaxStem > Prefix.size() + 2 ? MaxStem - Prefix.size() - 2 : 2;
  size_t Each = std::max<size_t>(Room / 2, 1);
  return Prefix + "-" + fileComponent(F.Function, Each, "asm") + "-" +
         fileComponent(F.Callee, Each, "none");
}

/// Draws \p F into \p D: its chain from the entry point, the function
/// holding the site and the offending edges (every call of its cause).
/// Returns the holder's node key.
std::string addFinding(Diagram &D, const Report &R, const Finding &F) {
  // The chain, entry point first. The first hop is the entry point by
  // definition of Finding::Chain, whatever the graph knows about it.
  for (size_t I = 0; I < F.Chain.size(); ++I) {
    std::string Key = D.addFunction(F.Chain[I].Function);
    NodeInfo &N = D.node(Key);
    if (I == 0 && N.Role == NodeRole::None)
      N.Role = NodeRole::Entry;
    std::string State = "state: " + F.Chain[I].State.chainText();
    if (!F.Chain[I].State.empty() &&
        std::find(N.Extra.begin(), N.Extra.end(), State) == N.Extra.end())
      N.Extra.push_back(State);
    if (I == 0)
      continue;
    const ChainHop &Prev = F.Chain[I - 1];
    EdgeInfo E;
    E.From = D.addFunction(Prev.Function);
    E.To = Key;
    E.Kind = EdgeKind::Chain;
    E.Label = {siteLabel(Prev.Site)};
    D.addEdge(std::move(E), Prev.Function, F.Chain[I].Function, Prev.Site,
              R.Graph);
  }

  // The function holding the site. An asm hole has no function: the node is
  // then named after the site.
  std::string Holder = F.Function.empty() ? F.Site.str() : F.Function;
  std::string HolderKey = D.addFunction(Holder);
  D.node(HolderKey).HoldsSite = true;
  if (!F.Chain.empty() && F.Chain.back().Function != Holder) {
    EdgeInfo E;
    E.From = D.addFunction(F.Chain.back().Function);
    E.To = HolderKey;
    E.Kind = EdgeKind::Chain;
    E.Label = {siteLabel(F.Chain.back().Site)};
    D.addEdge(std::move(E), F.Chain.back().Function, Holder,
              F.Chain.back().Site, R.Graph);
  }

  // The offending edges: to the callee, or, for rules about the site itself
  // (a return, a join), to a note naming the site.
  auto Offend = [&](const Finding &Call) {
    EdgeInfo Offending;
    Offending.From = HolderKey;
    Offending.Kind = EdgeKind::Offending;
    Offending.Note = Call.Level == Severity::Note;
    Offending.Label = {siteLabel(Call.Site)};
    if (!Call.Callee.empty()) {
      Offending.To = D.addCallee(Call.Callee, Call.Dispatch, Holder);
    } else {
      Offending.To = "\x02site" + Call.Rule.str().str() + Call.Site.str();
      NodeInfo &N = D.node(Offending.To);
      N.Name = Call.Rule.str();
      N.Kind = NodeKind::Site;
      N.Extra = {Call.Site.str()};
    }
    D.addEdge(std::move(Offending), Holder, Call.Callee, Call.Site, R.Graph);
  };
  Offend(F);
  for (const Finding &Same : F.SameCause)
    Offend(Same);
  return HolderKey;
}

/// Whether the call graph's edge \p GE is one of \p F's own calls.
bool isFindingCall(const CallGraph::Edge &GE, const Finding &F) {
  if (GE.Callee == F.Callee && sameSite(GE.Site, F.Site))
    return true;
  // An ordering finding's site is where its region opens; its callee, the
  // first call in it, sits a few instructions on: that call is the
  // offending edge, not a benign one inside a region.
  if (F.Rule.kind() == RuleKind::Ordering && GE.Callee == F.Callee)
    return true;
  for (const Finding &Same : F.SameCause)
    if (GE.Callee == Same.Callee && sameSite(GE.Site, Same.Site))
      return true;
  return false;
}

std::string findingGraphDot(const Report &R, size_t Index) {
  const Finding &F = R.Findings[Index];
  Diagram D(R.Graph);
  std::string Holder = F.Function.empty() ? F.Site.str() : F.Function;
  std::string HolderKey = addFinding(D, R, F);

  // An ordering finding on several entry paths (one inside an establisher
  // that every interrupt calls): the entry points off its chain, as one
  // node beside it; the HTML and JSON list them all.
  if (F.Rule.kind() == RuleKind::Ordering) {
    std::vector<std::string> Others;
    for (const std::string &Entry : F.EntryPoints)
      if (std::none_of(F.Chain.begin(), F.Chain.end(),
                       [&](const ChainHop &Hop) { return Hop.Function == Entry; }))
        Others.push_back(Entry);
    if (!Others.empty()) {
      constexpr size_t Shown = 3;
      EdgeInfo E;
      E.From = "\x02other entry points";
      E.To = HolderKey;
      E.Kind = EdgeKind::Chain;
      E.Label = {"each reaches it"};
      NodeInfo &N = D.node(E.From);
      N.Name = std::to_string(Others.size()) + " more entry point" +
               (Others.size() == 1 ? "" : "s");
      N.Role = NodeRole::Entry;
      N.Extra.assign(Others.begin(),
                     Others.begin() + std::min(Shown, Others.size()));
      if (Others.size() > Shown)
        N.Extra.push_back("...");
      D.addEdge(std::move(E));
    }
  }

  // One level of context: the holder's other calls.
  for (const CallGraph::Edge &GE : R.Graph.Edges) {
    if (GE.Caller != Holder)
      continue;
    if (isFindingCall(GE, F))
      continue;
    EdgeInfo E;
    E.From = HolderKey;
    E.To = D.addCallee(GE.Callee, GE.Dispatch, Holder);
    E.Label = {siteLabel(GE.Site)};
    E.InRegion = GE.InRegion;
    E.TailCall = GE.TailCall;
    E.Reported = GE.Finding;
    D.addEdge(std::move(E));
  }

  std::string Site = F.Site.str();
  if (!F.Site.Source.empty() && !F.Site.Source.front().File.empty())
    Site = siteLabel(F.Site) + " (" + Site + ")";
  std::string Out;
  raw_string_ostream OS(Out);
  D.write(OS, findingGraphStem(Index, F),
          {"finding " + std::to_string(Index + 1) + ": [" + F.Rule.str().str() +
               "] " + F.Message,
           "at " + Site},
          /*Clusters=*/false);
  return Out;
}

std::string entryPointOf(const Finding &F) {
  if (!F.Chain.empty())
    return F.Chain.front().Function;
  return F.Function.empty() ? F.Site.str() : F.Function;
}

std::vector<std::string> overviewEntries(const Report &R) {
  std::set<std::string> Entries;
  for (const Finding &F : R.Findings)
    Entries.insert(entryPointOf(F));
  return {Entries.begin(), Entries.end()};
}

std::string entryGraphStem(StringRef Entry) {
  return "entry-" + fileComponent(Entry, MaxStem - 6, "none");
}

std::string entryGraphDot(const Report &R, StringRef Entry) {
  Diagram D(R.Graph);
  size_t Errors = 0, Others = 0;
  for (const Finding &F : R.Findings) {
    if (entryPointOf(F) != Entry)
      continue;
    addFinding(D, R, F);
    ++(F.Level == Severity::Error ? Errors : Others);
  }
  std::vector<std::string> Title{
      "entry point " + Entry.str() + ": " + std::to_string(Errors) +
      (Errors == 1 ? " error" : " errors") + ", " + std::to_string(Others) +
      " other finding" + (Others == 1 ? "" : "s") +
      " (chains and offending calls only; each finding's diagram has its "
      "context)"};
  std::string Out;
  raw_string_ostream OS(Out);
  D.write(OS, entryGraphStem(Entry), Title, /*Clusters=*/false);
  return Out;
}

Error writeGraphs(const Report &R, StringRef Dir) {
  if (std::error_code EC = sys::fs::create_directories(Dir))
    return inputError(Dir, "cannot create directory: " + EC.message());

  // All .dot files first: they are useful even where dot is missing.
  std::vector<std::string> Stems;
  for (size_t I = 0; I < R.Findings.size(); ++I)
    Stems.push_back(findingGraphStem(I, R.Findings[I]));
  std::vector<std::string> Entries = overviewEntries(R);
  for (const std::string &Entry : Entries)
    Stems.push_back(entryGraphStem(Entry));
  auto PathOf = [&](StringRef Stem, StringRef Ext) {
    SmallString<256> P(Dir);
    sys::path::append(P, Stem + Ext);
    return std::string(P);
  };
  for (size_t I = 0; I < Stems.size(); ++I) {
    std::string Text = I < R.Findings.size()
                           ? findingGraphDot(R, I)
                           : entryGraphDot(R, Entries[I - R.Findings.size()]);
    if (Error E = writeFile(PathOf(Stems[I], ".dot"), Text))
      return E;
  }

  ErrorOr<std::string> Dot = sys::findProgramByName("dot");
  if (!Dot)
    return inputError(Dir, "cannot render SVG diagrams: Graphviz 'dot' is "
                           "not in PATH (the .dot files were written)");
  for (const std::string &Stem : Stems)
    if (Error E = renderSvg(*Dot, PathOf(Stem, ".dot"), PathOf(Stem, ".svg")))
      return E;
  return Error::success();
}

} // namespace noinstr
