using System.Text.Json;

namespace BuildPeer.Deploy.Tests.Docker;

/// <summary>One instruction of a Dockerfile, continuation lines joined.</summary>
public sealed record Instruction(string Keyword, string Arguments, int Stage);

/// <summary>
/// A Dockerfile read the way the builder reads it: instructions in order, each in the build stage its FROM opened.
/// No Docker engine runs here, so the tests check the file's structure against the repository and the manifests.
/// </summary>
public sealed class Dockerfile
{
    private Dockerfile(string path, IReadOnlyList<Instruction> instructions)
    {
        Path = path;
        Instructions = instructions;
    }

    public string Path { get; }

    public IReadOnlyList<Instruction> Instructions { get; }

    public int FinalStage => Instructions.Max(instruction => instruction.Stage);

    public static Dockerfile Read(string relativePath)
    {
        var instructions = new List<Instruction>();
        var stage = -1;
        var pending = "";
        foreach (var raw in File.ReadAllLines(Repository.PathOf(relativePath)))
        {
            var line = raw.Trim();
            if (pending.Length == 0 && (line.Length == 0 || line.StartsWith('#')))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }

            var whole = (pending + line).Trim();
            pending = "";
            var space = whole.IndexOf(' ', StringComparison.Ordinal);
            var keyword = whole[..space].ToUpperInvariant();
            if (keyword == "FROM")
            {
                stage++;
            }

            instructions.Add(new Instruction(keyword, whole[(space + 1)..].Trim(), stage));
        }

        return new Dockerfile(relativePath, instructions);
    }

    public IEnumerable<Instruction> Of(string keyword, int? stage = null) =>
        Instructions.Where(instruction => instruction.Keyword == keyword && (stage is null || instruction.Stage == stage));

    /// <summary>FROM's image (without an <c>AS name</c>).</summary>
    public string BaseImage(int stage) => Of("FROM", stage).Single().Arguments.Split(' ')[0];

    /// <summary>The exec form's words of ENTRYPOINT in the final stage.</summary>
    public IReadOnlyList<string> Entrypoint() =>
        JsonSerializer.Deserialize<string[]>(Of("ENTRYPOINT", FinalStage).Single().Arguments)!;

    /// <summary>The local sources of a COPY (not those taken from another stage), as written.</summary>
    public static IReadOnlyList<string> CopySources(Instruction copy)
    {
        var words = copy.Arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(word => !word.StartsWith("--", StringComparison.Ordinal)).ToList();
        return words[..^1];
    }
}
